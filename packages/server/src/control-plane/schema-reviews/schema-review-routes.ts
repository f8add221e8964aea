import { Type } from "@sinclair/typebox";
import { NAME_PATTERN } from "@switchboard/core";
import { type RouteSpec, route } from "../../kernel/index.js";
import { MAX_REVIEW_SQL_CHARS, type SchemaReviewService } from "./schema-review-service.js";

/** The most column reads one review takes. */
export const MAX_COLUMN_USAGE = 20_000;

const ColumnUsageSchema = Type.Object(
  {
    table: Type.String({ minLength: 1, maxLength: 200, description: "The table read (schema.table or table)." }),
    column: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "The column; absent: any." })),
    file: Type.String({ minLength: 1, maxLength: 1000, description: "Path of the code that reads it." }),
    line: Type.Integer({ minimum: 1 }),
    flag: Type.Optional(Type.String({ pattern: NAME_PATTERN, description: "The flag guarding the read." })),
    when: Type.Optional(
      Type.Union([Type.Literal("off"), Type.Literal("on"), Type.Literal("any")], {
        description: "Which side of the flag reads it (default off: the old path).",
      }),
    ),
  },
  { additionalProperties: false },
);

const SqlText = Type.String({ maxLength: MAX_REVIEW_SQL_CHARS, description: "SQL text of one migration." });

/** The body of `POST /schema-reviews`. */
export const SchemaReviewInputSchema = Type.Object(
  {
    dialect: Type.Union([Type.Literal("mysql"), Type.Literal("mariadb"), Type.Literal("postgres")], {
      description: "The SQL dialect.",
    }),
    version: Type.Optional(Type.String({ maxLength: 40, description: "Server version, e.g. 16, 8.0.35, 10.11." })),
    sql: Type.Optional(SqlText),
    files: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), sql: SqlText },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    inTransaction: Type.Optional(Type.Boolean({ description: "The migration tool runs each file in a transaction." })),
    tables: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            rows: Type.Optional(Type.Number({ minimum: 0 })),
            primaryKey: Type.Optional(Type.Boolean()),
            foreignKeys: Type.Optional(Type.Boolean()),
            triggers: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { description: "Facts about tables (rows, keys, triggers) for the online schema change hand-off." },
      ),
    ),
    columnUsage: Type.Optional(
      Type.Array(ColumnUsageSchema, {
        maxItems: MAX_COLUMN_USAGE,
        description:
          "Where code reads tables and columns; with the server's flag states and uploaded code references, a drop or rename of what live code reads is an error.",
      }),
    ),
  },
  { additionalProperties: false },
);

const ReviewSchema = Type.Object({}, { additionalProperties: true, description: "A stored schema review." });

/** Schema reviews: migrations checked by the SQL reviewer, kept with who asked (the audit trail). */
export function schemaReviewRoutes({ schemaReviews }: { schemaReviews: SchemaReviewService }): RouteSpec[] {
  return [
    route({
      method: "POST",
      url: "/schema-reviews",
      role: "editor",
      tag: "schema-reviews",
      summary: "Review SQL migrations (MySQL, MariaDB, PostgreSQL) and store the review with its findings",
      body: SchemaReviewInputSchema,
      response: { status: 201, description: "The stored review.", schema: ReviewSchema },
      handler: async ({ body, context }) => ({ status: 201, body: await schemaReviews.create(body, context) }),
    }),
    route({
      method: "GET",
      url: "/schema-reviews",
      role: "viewer",
      tag: "schema-reviews",
      summary: "List schema reviews, newest first (who asked, when, what was found)",
      response: { status: 200, description: "Reviews.", schema: Type.Object({ items: Type.Array(ReviewSchema) }) },
      handler: async () => ({ status: 200, body: { items: await schemaReviews.list() } }),
    }),
    route({
      method: "GET",
      url: "/schema-reviews/:id",
      role: "viewer",
      tag: "schema-reviews",
      summary: "Read one schema review",
      response: { status: 200, description: "The review.", schema: ReviewSchema },
      handler: async ({ params }) => ({ status: 200, body: await schemaReviews.get(params["id"] ?? "") }),
    }),
  ];
}
