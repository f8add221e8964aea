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
}

/** A stored review: what was asked, by whom, and what was found (an audit trail of schema changes). */
export interface SchemaReview {
  id: string;
  dialect: string;
  version: string;
  inTransaction: boolean;
  requestedBy: string;
  requestedAt: string;
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
