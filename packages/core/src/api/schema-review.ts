/** One problem the SQL reviewer found, where it is and what to do instead (`@switchboard/sqlcheck`'s finding). */
export interface SchemaReviewFinding {
  ruleId: string;
  severity: "error" | "warning" | "info";
  category: string;
  message: string;
  advice: string;
  file: string;
  line: number;
  column: number;
  statementIndex?: number;
  /** For MySQL tables above the size threshold: whether gh-ost and pt-online-schema-change can run it, and how. */
  onlineSchemaChange?: {
    table: string;
    ghost: { eligible: boolean; reasons: string[]; command: string };
    ptOsc: { eligible: boolean; reasons: string[]; command: string };
  };
}

/** Every statement of a reviewed file: whether it was understood, and its findings. */
export interface SchemaReviewStatement {
  index: number;
  line: number;
  column: number;
  endLine: number;
  parsed: boolean;
  parser?: string;
  kinds: string[];
  findings: SchemaReviewFinding[];
}

export interface SchemaReviewFile {
  file: string;
  sql: string;
  error?: string;
  statements: SchemaReviewStatement[];
  findings: SchemaReviewFinding[];
  suppressed: (SchemaReviewFinding & { reason: string })[];
}

/** `POST /api/v1/schema-reviews`: SQL text or files, the dialect and server version. */
export interface SchemaReviewInput {
  dialect: "mysql" | "mariadb" | "postgres";
  version?: string;
  sql?: string;
  files?: { name: string; sql: string }[];
  inTransaction?: boolean;
  /** Rows per table, for the online schema change hand-off. */
  tables?: Record<string, { rows?: number; primaryKey?: boolean; foreignKeys?: boolean; triggers?: boolean }>;
  /**
   * Where code reads tables and columns. The server adds what it knows itself (every flag's state per environment,
   * the uploaded code references), so dropping a column that code behind a still-active flag reads is an error.
   */
  columnUsage?: SchemaReviewColumnUsage[];
}

/** Code that reads a table or column: `flag` guards it when known, else the flags referenced in the same file do. */
export interface SchemaReviewColumnUsage {
  table: string;
  column?: string;
  file: string;
  line: number;
  flag?: string;
  /** Which side of the flag reads it: `off` (the old path, the default), `on` (the new path) or `any`. */
  when?: "off" | "on" | "any";
}

/** A stored review: what was asked, by whom, and what was found (an audit trail of schema changes). */
export interface SchemaReview {
  id: string;
  dialect: string;
  version: string;
  inTransaction: boolean;
  requestedBy: string;
  requestedAt: string;
  /** What the live-code rule knew: flags with their states, code references and column reads (absent before). */
  liveCode?: { flags: number; codeReferences: number; columnUsage: number };
  files: SchemaReviewFile[];
  summary: {
    files: number;
    statements: number;
    parsed: number;
    unparsed: number;
    errors: number;
    warnings: number;
    infos: number;
  };
}
