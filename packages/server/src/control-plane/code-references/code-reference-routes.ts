import { type RouteSpec, route } from "../../kernel/index.js";
import { ListResponse, listOutput } from "../response-schemas.js";
import {
  CodeReferenceSetSchema,
  CodeReferenceUploadSchema,
  ListCodeReferencesQuerySchema,
} from "./code-reference-schemas.js";
import type { CodeReferenceService } from "./code-reference-service.js";

/** Code references: a scan's upload (replacing that branch's previous one) and the stored scans. */
export function codeReferenceRoutes({ codeReferences }: { codeReferences: CodeReferenceService }): RouteSpec[] {
  return [
    route({
      method: "POST",
      url: "/code-references",
      role: "editor",
      tag: "code-references",
      summary: "Upload the flag references of one repository branch (replaces that branch's previous upload)",
      body: CodeReferenceUploadSchema,
      response: { status: 201, description: "The stored scan.", schema: CodeReferenceSetSchema },
      handler: async ({ body, context }) => ({ body: await codeReferences.upload(body, context) }),
    }),
    route({
      method: "GET",
      url: "/code-references",
      role: "viewer",
      tag: "code-references",
      summary: "The latest scan of each repository branch, optionally only one flag's references",
      query: ListCodeReferencesQuerySchema,
      response: { status: 200, description: "The scans.", schema: ListResponse(CodeReferenceSetSchema) },
      handler: async ({ query }) => listOutput(await codeReferences.list(query)),
    }),
  ];
}
