import { Type } from "@sinclair/typebox";
import { type RouteSpec, route } from "../../kernel/index.js";
import { MAX_REVIEW_SQL_CHARS, type SchemaReviewService } from "./schema-review-service.js";

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
