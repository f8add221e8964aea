import { Type } from "@sinclair/typebox";
import { AppError, type RouteSpec, route } from "../../kernel/index.js";
import {
  CreatePreviewSchema,
  CustomerEventsQuerySchema,
  CustomerLookupQuerySchema,
  CustomerSearchQuerySchema,
  type CustomerService,
} from "./customer-service.js";

const Text = Type.String();
const NullableText = Type.Union([Type.String(), Type.Null()]);

const PreviewResponse = Type.Object({
  id: Text,
  unit: Text,
  environment: Text,
  at: Text,
  overrides: Type.Record(Type.String(), Type.String()),
  expiresAt: Text,
  createdBy: Text,
  createdAt: Text,
  revokedAt: NullableText,
  revokedBy: NullableText,
});

const LookupResponse = Type.Object({
  unit: Text,
  at: Text,
  attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  lastSeen: NullableText,
  now: Type.Array(
    Type.Object({
      environment: Text,
      flags: Type.Array(
        Type.Object({
          flag: Text,
          variation: NullableText,
          value: Type.Unknown(),
          ruleId: Text,
          ruleKind: Text,
          reason: Text,
          evaluationReason: Text,
          variations: Type.Array(Text),
        }),
      ),
    }),
  ),
  timeline: Type.Array(
    Type.Object({
      environment: Text,
      flag: Text,
      variation: Text,
      ruleId: Text,
      experiment: NullableText,
      release: NullableText,
      startedAt: Text,
      endedAt: NullableText,
      lastSeenAt: Text,
      exposures: Type.Integer(),
    }),
  ),
  requests: Type.Array(
    Type.Object({
      id: Text,
      ts: Text,
      environment: Text,
      name: Text,
      status: NullableText,
      durationMs: Type.Union([Type.Number(), Type.Null()]),
      release: NullableText,
      assignments: Type.Record(Type.String(), Type.String()),
      rawEventsHref: Text,
      explorerHref: Text,
    }),
  ),
});

/**
 * The customer-support view. Every route here takes the `support` role (and every role above `viewer`'s rank too):
 * it is all a support token may call. Reads are audited as `customer.*` changes.
 */
export function customerRoutes({ customers }: { customers: CustomerService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/customers",
      role: "support",
      tag: "customers",
      summary: "Find units by an attribute value (e.g. an e-mail hash) in their events",
      query: CustomerSearchQuerySchema,
      response: {
        status: 200,
        description: "The matching units, newest activity first; 404 when none.",
        schema: Type.Object({
          attribute: Text,
          value: Text,
          units: Type.Array(Type.Object({ unit: Text, lastSeen: Text })),
        }),
      },
      handler: async ({ query, context }) => ({ body: await customers.search(query, context) }),
    }),
    route({
      method: "GET",
      url: "/customers/:unit",
      role: "support",
      tag: "customers",
      summary: "What a unit sees now in every environment, what it was served over time, and its recent requests",
      query: CustomerLookupQuerySchema,
      response: {
        status: 200,
        description: "The lookup; 404 naming the unit when nothing is stored.",
        schema: LookupResponse,
      },
      handler: async ({ params, query, context }) => ({
        body: await customers.lookup(params["unit"] ?? "", query, context),
      }),
    }),
    route({
      method: "GET",
      url: "/customers/:unit/events",
      role: "support",
      tag: "customers",
      summary: "A unit's raw events in a time window, as ingested",
      query: CustomerEventsQuerySchema,
      response: {
        status: 200,
        description: "Raw events, oldest first.",
        schema: Type.Object({ items: Type.Array(Type.Unknown()) }),
      },
      handler: async ({ params, query, context }) => ({
        body: await customers.rawEvents(params["unit"] ?? "", query, context),
      }),
    }),
    route({
      method: "POST",
      url: "/customers/:unit/previews",
      role: "support",
      tag: "customers",
      summary: "Mint a signed, time-limited preview token that serves its bearer what the unit is (or was) served",
      body: CreatePreviewSchema,
      response: {
        status: 201,
        description: "The preview and its token (shown once).",
        schema: Type.Object({ preview: PreviewResponse, token: Text, link: NullableText }),
      },
      handler: async ({ params, body, context }) => ({
        status: 201,
        body: await customers.preview(params["unit"] ?? "", body, context),
      }),
    }),
    route({
      method: "GET",
      url: "/customers/:unit/previews",
      role: "support",
      tag: "customers",
      summary: "The previews minted for a unit, newest first",
      response: {
        status: 200,
        description: "Previews (without tokens).",
        schema: Type.Object({ items: Type.Array(PreviewResponse) }),
      },
      handler: async ({ params }) => ({ body: { items: await customers.previews.listFor(params["unit"] ?? "") } }),
    }),
    route({
      method: "DELETE",
      url: "/customers/:unit/previews/:id",
      role: "support",
      tag: "customers",
      summary: "Revoke a preview: its token stops working at the next check",
      response: { status: 200, description: "The revoked preview.", schema: PreviewResponse },
      handler: async ({ params, context }) => {
        const preview = await customers.previews.get(params["id"] ?? "");
        if (preview.unit !== params["unit"]) {
          throw new AppError("NOT_FOUND", `Unit "${params["unit"]}" has no preview "${params["id"]}".`);
        }
        return { body: await customers.previews.revoke(preview.id, context) };
      },
    }),
  ];
}
