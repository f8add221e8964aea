import { type Static, Type } from "@sinclair/typebox";
import { NAME_PATTERN } from "@switchboard/core";

/** One reference of an upload. */
export const CodeReferenceItemSchema = Type.Object(
  {
    flag: Type.String({ pattern: NAME_PATTERN, description: "The flag key." }),
    file: Type.String({ minLength: 1, maxLength: 1000, description: "Path relative to the repository root." }),
    line: Type.Integer({ minimum: 1 }),
    column: Type.Optional(Type.Integer({ minimum: 1 })),
    kind: Type.Union([Type.Literal("call"), Type.Literal("constant"), Type.Literal("enum"), Type.Literal("pattern")]),
    via: Type.Optional(Type.String({ maxLength: 200 })),
    text: Type.Optional(Type.String({ maxLength: 300, description: "The source line, trimmed." })),
    deadLines: Type.Optional(
      Type.Object(
        { on: Type.Integer({ minimum: 0 }), off: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false, description: "Lines a cleanup deletes when the flag stays on / off." },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The body of `POST /code-references`. */
export const CodeReferenceUploadSchema = Type.Object(
  {
    repository: Type.String({
      minLength: 1,
      maxLength: 300,
      pattern: "^[^\\s#]+$",
      description: "The repository, e.g. github.com/acme/shop (no spaces, no #).",
    }),
    branch: Type.String({ minLength: 1, maxLength: 250, pattern: "^[^\\s]+$" }),
    commit: Type.String({ pattern: "^[0-9a-f]{4,64}$", description: "The scanned commit's sha." }),
    urlTemplate: Type.Optional(
      Type.String({
        maxLength: 500,
        pattern: "^https?://",
        description: "How to link a reference: {commit}, {branch}, {file} and {line} are filled in.",
      }),
    ),
    references: Type.Array(CodeReferenceItemSchema, { maxItems: 20_000 }),
  },
  { additionalProperties: false },
);

/** Query of `GET /code-references`. */
export const ListCodeReferencesQuerySchema = Type.Object(
  { flag: Type.Optional(Type.String({ pattern: NAME_PATTERN, description: "Only the references of this flag." })) },
  { additionalProperties: false },
);

/** A stored upload. */
export const CodeReferenceSetSchema = Type.Object({
  ...CodeReferenceUploadSchema.properties,
  uploadedAt: Type.String(),
});

export type CodeReferenceUploadInput = Static<typeof CodeReferenceUploadSchema>;
export type ListCodeReferencesQuery = Static<typeof ListCodeReferencesQuerySchema>;
