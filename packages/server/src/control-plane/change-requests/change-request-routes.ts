import { Type } from "@sinclair/typebox";
import { FlagSchema, SegmentSchema } from "@switchboard/core";
import { ReasonField, type RouteSpec, route, Timestamp } from "../../kernel/index.js";
import { ListResponse, listOutput } from "../response-schemas.js";
import type { ChangeRequestService } from "./change-request-service.js";

const Status = Type.Union([
  Type.Literal("pending"),
  Type.Literal("scheduled"),
  Type.Literal("applied"),
  Type.Literal("rejected"),
  Type.Literal("cancelled"),
  Type.Literal("failed"),
]);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A change request as the API answers it. */
export const ChangeRequestResponse = Type.Object({
  id: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  status: Status,
  summary: Type.String(),
  environments: Type.Array(Type.String()),
  changes: Type.Array(
    Type.Object({
      key: Type.String(),
      expectedVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
      before: Type.Union([FlagSchema, Type.Null()]),
      after: Type.Union([FlagSchema, Type.Null()]),
    }),
  ),
  segments: Type.Array(
    Type.Object({
      key: Type.String(),
      expectedVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
      before: Type.Union([SegmentSchema, Type.Null()]),
      after: Type.Union([SegmentSchema, Type.Null()]),
    }),
  ),
  reason: Nullable(Type.String()),
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  applyAt: Nullable(Type.String()),
  appliedAt: Nullable(Type.String()),
  error: Nullable(Type.String()),
  deliveries: Type.Array(
    Type.Object({
      event: Type.String({ description: "The step the webhook message tells of." }),
      id: Type.String({ description: "The webhook-id header, the same on every attempt." }),
      status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
      attempts: Type.Integer({ minimum: 1 }),
      lastStatus: Type.Union([Type.Integer(), Type.Null()]),
      lastError: Nullable(Type.String()),
      updatedAt: Type.String(),
    }),
    { description: "Where each step's webhook message stands (none when no webhook is configured)." },
  ),
});

const ListQuerySchema = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false });
const DecisionSchema = Type.Object({ reason: ReasonField }, { additionalProperties: false });
const ApprovalSchema = Type.Object(
  {
    reason: ReasonField,
    applyAt: Type.Optional(Timestamp("When to apply; now when left out (or in the past).")),
  },
  { additionalProperties: false },
);

/** Change requests: the four-eyes queue of protected environments. */
export function changeRequestRoutes({ changeRequests }: { changeRequests: ChangeRequestService }): RouteSpec[] {
  const one = { status: 200, description: "The change request.", schema: ChangeRequestResponse };
  return [
    route({
      method: "GET",
      url: "/change-requests",
      role: "viewer",
      tag: "change-requests",
      summary: "List change requests, newest first, optionally of one status",
      query: ListQuerySchema,
      response: { status: 200, description: "The change requests.", schema: ListResponse(ChangeRequestResponse) },
      handler: async ({ query }) => listOutput(await changeRequests.list(query.status)),
    }),
    route({
      method: "GET",
      url: "/change-requests/:id",
      role: "viewer",
      tag: "change-requests",
      summary: "Read a change request with each flag before and after",
      response: one,
      handler: async ({ params }) => ({ body: await changeRequests.get(params["id"] ?? "") }),
    }),
    route({
      method: "POST",
      url: "/change-requests/:id/approve",
      role: "editor",
      tag: "change-requests",
      summary:
        "Approve a change request (not its proposer): it applies now or at applyAt; 409 when its flags changed since",
      body: ApprovalSchema,
      response: one,
      handler: async ({ params, body, context }) => ({
        body: await changeRequests.approve(params["id"] ?? "", body, context),
      }),
    }),
    route({
      method: "POST",
      url: "/change-requests/:id/reject",
      role: "editor",
      tag: "change-requests",
      summary: "Reject a change request (not its proposer)",
      body: DecisionSchema,
      response: one,
      handler: async ({ params, body, context }) => ({
        body: await changeRequests.reject(params["id"] ?? "", body, context),
      }),
    }),
    route({
      method: "POST",
      url: "/change-requests/:id/cancel",
      role: "editor",
      tag: "change-requests",
      summary: "Withdraw a change request (its proposer or an admin)",
      body: DecisionSchema,
      response: one,
      handler: async ({ params, body, context }) => ({
        body: await changeRequests.cancel(params["id"] ?? "", body, context),
      }),
    }),
  ];
}
