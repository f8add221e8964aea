import { randomBytes } from "node:crypto";
import type { SchemaReview, SchemaReviewFile, SchemaReviewInput, StoredDocument } from "@switchboard/core";
import { type LintConfig, type LiveCodeInput, lintSql, parseServerVersion } from "@switchboard/sqlcheck";
import { AppError, type Clock, changeInput, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { loadStoredLiveCode } from "./live-code-from-stores.js";

/** The document kind of schema reviews (registered by `serverDocumentKinds`): versions and change log for free. */
export const SCHEMA_REVIEW_KIND = "schema-review";

/** The most SQL one review takes, over all its files. */
export const MAX_REVIEW_SQL_CHARS = 1_000_000;

/**
 * Reviews migrations with `@switchboard/sqlcheck` and keeps every review, with who asked, as a document: the list is
 * the audit trail of proposed schema changes.
 */
export class SchemaReviewService {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
  ) {}

  async create(input: SchemaReviewInput, context: WriteContext): Promise<SchemaReview> {
    const files = filesOf(input);
    const version = input.version === undefined ? undefined : parseServerVersion(input.version);
    if (input.version !== undefined && !version)
      throw new AppError("BAD_REQUEST", `version "${input.version}" is not a version like 16, 8.0.35 or 10.11.`, [
        { path: "/version", message: "expected a version like 16, 8.0.35 or 10.11" },
      ]);
    const liveCode = await this.liveCodeFor(input, files);
    const config: LintConfig = { ...(input.tables ? { tables: input.tables } : {}), liveCode };
    const report = await lintSql({
      dialect: input.dialect,
      files: files.map((f) => ({ name: f.name, content: f.sql })),
      ...(version ? { version } : {}),
      config,
      inTransaction: input.inTransaction ?? false,
    });
    const now = this.clock.now();
    const id = `${now
      .toISOString()
      .replace(/[-:.TZ]/g, "")
      .slice(0, 14)}-${randomBytes(3).toString("hex")}`;
    const review: SchemaReview = {
      id,
      dialect: report.dialect,
      version: report.version,
      inTransaction: input.inTransaction ?? false,
      requestedBy: context.actor,
      requestedAt: now.toISOString(),
      liveCode: {
        flags: liveCode.flags?.length ?? 0,
        codeReferences: liveCode.codeReferences?.length ?? 0,
        columnUsage: liveCode.columnUsage?.length ?? 0,
      },
      files: report.files.map(
        (file, i): SchemaReviewFile => ({ ...structuredClone(file), sql: files[i]?.sql ?? "" }) as SchemaReviewFile,
      ),
      summary: {
        files: report.summary.files,
        statements: report.summary.statements,
        parsed: report.summary.parsed,
        unparsed: report.summary.unparsed,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        infos: report.summary.infos,
      },
    };
    await this.store.createDocument(
      SCHEMA_REVIEW_KIND,
      id,
      review,
      changeInput(context, `${SCHEMA_REVIEW_KIND}.create`),
    );
    return review;
  }

  /**
   * The live-code input: the column reads sent with the review, and what the server knows itself — every flag's
   * state per environment and every uploaded scan's references. The stores are read only when something reads a
   * column (in the body or a `switchboard-usage` comment): without a read there is nothing to check.
   */
  private async liveCodeFor(input: SchemaReviewInput, files: { sql: string }[]): Promise<LiveCodeInput> {
    const columnUsage = input.columnUsage ?? [];
    if (columnUsage.length === 0 && !files.some((f) => f.sql.includes("switchboard-usage"))) return { columnUsage };
    const stored = await loadStoredLiveCode(this.store);
    return { ...stored, columnUsage };
  }

  /** Every review, newest first. */
  async list(): Promise<SchemaReview[]> {
    const documents: StoredDocument<SchemaReview>[] = await this.store.listDocuments<SchemaReview>(SCHEMA_REVIEW_KIND);
    return documents
      .map((d) => d.body)
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt) || b.id.localeCompare(a.id));
  }

  async get(id: string): Promise<SchemaReview> {
    const document = await this.store.getDocument<SchemaReview>(SCHEMA_REVIEW_KIND, id);
    if (!document) throw new AppError("NOT_FOUND", `No schema review "${id}".`);
    return document.body;
  }
}

function filesOf(input: SchemaReviewInput): { name: string; sql: string }[] {
  const files = [
    ...(input.files ?? []),
    ...(input.sql !== undefined ? [{ name: "migration.sql", sql: input.sql }] : []),
  ];
  if (files.length === 0 || files.every((f) => f.sql.trim() === ""))
    throw new AppError("BAD_REQUEST", "Nothing to review: send `sql` or `files` with SQL text.", [
      { path: "/sql", message: "empty" },
    ]);
  const total = files.reduce((sum, f) => sum + f.sql.length, 0);
  if (total > MAX_REVIEW_SQL_CHARS)
    throw new AppError(
      "BAD_REQUEST",
      `The SQL is ${total} characters; a review takes at most ${MAX_REVIEW_SQL_CHARS}.`,
    );
  const binary = files.find((f) => f.sql.includes("\u0000"));
  if (binary) throw new AppError("BAD_REQUEST", `${binary.name} is binary (it contains NUL characters), not SQL text.`);
  return files;
}

/** Builds the schema review service from the control plane's dependencies. */
export function createSchemaReviewService({
  store,
  clock,
}: Pick<ServiceDeps<DocumentStore>, "store" | "clock">): SchemaReviewService {
  return new SchemaReviewService(store, clock);
}
