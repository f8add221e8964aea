import { type Static, Type } from "@sinclair/typebox";
import { NAME_PATTERN } from "@switchboard/core";

/** Pool names: also part of data plane identifiers (HAProxy backend names), so a narrow alphabet. */
export const POOL_PATTERN = "^[a-z0-9][a-z0-9_-]{0,62}$";
const HEADER_PATTERN = "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$";
const ADDRESS_PATTERN = "^[A-Za-z0-9.-]{1,253}:[0-9]{1,5}$";

const PoolName = Type.String({ pattern: POOL_PATTERN, description: "A pool of this service, e.g. blue or b." });
const Reason = Type.Optional(Type.String({ maxLength: 2000, description: "Why; also X-Change-Reason." }));

/** A pool as given to the API. */
export const PoolInputSchema = Type.Object(
  {
    release: Type.Optional(Type.Union([Type.String({ pattern: "^[0-9a-f]{4,64}$" }), Type.Null()])),
    backends: Type.Array(Type.String({ pattern: ADDRESS_PATTERN, description: "host:port" }), {
      minItems: 1,
      maxItems: 256,
      uniqueItems: true,
    }),
    healthCheckPath: Type.Optional(Type.String({ pattern: "^/[\\x21-\\x7e]{0,500}$" })),
  },
  { additionalProperties: false },
);

/** Which part of a request names the unit for sticky assignment. */
const StickySchema = Type.Union([
  Type.Object(
    {
      source: Type.Union([Type.Literal("cookie"), Type.Literal("header")]),
      name: Type.String({ pattern: HEADER_PATTERN }),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

const OverrideSchema = Type.Object(
  {
    header: Type.String({ pattern: HEADER_PATTERN }),
    value: Type.String({ minLength: 1, maxLength: 200, pattern: "^[\\x21-\\x7e]+$" }),
    pool: PoolName,
  },
  { additionalProperties: false },
);

const DataPlaneSchema = Type.Union([
  Type.Object({ kind: Type.Literal("none") }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("builtin") }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal("haproxy"),
      runtimeApi: Type.String({ minLength: 1, description: "Unix socket path or host:port of the stats socket." }),
      mapDir: Type.String({ minLength: 1, description: "Directory of the map files haproxy-config wrote." }),
    },
    { additionalProperties: false },
  ),
]);

/** The body of `POST /traffic/services`. */
export const CreateServiceSchema = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN }),
    environment: Type.String({ pattern: NAME_PATTERN }),
    pools: Type.Array(
      Type.Composite([Type.Object({ name: PoolName }), PoolInputSchema], { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 16,
        description: "Pools in the order their bucket ranges are laid out; the first takes all traffic unless `pool`.",
      },
    ),
    pool: Type.Optional(PoolName),
    sticky: Type.Optional(StickySchema),
    previewHeader: Type.Optional(Type.String({ pattern: HEADER_PATTERN })),
    dataPlane: Type.Optional(DataPlaneSchema),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** The body of `POST …/switch`. */
export const SwitchSchema = Type.Object({ pool: PoolName, reason: Reason }, { additionalProperties: false });

const StepSchema = Type.Object(
  {
    percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    pauseSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 7 * 86_400 })),
  },
  { additionalProperties: false },
);

const GuardSchema = Type.Object(
  {
    maxErrorRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    maxLatencyMs: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    minRequests: Type.Optional(Type.Integer({ minimum: 0 })),
    checkEverySeconds: Type.Optional(Type.Number({ minimum: 0.01, maximum: 3600 })),
  },
  { additionalProperties: false },
);

/** The body of `POST …/ramp`: weights set at once, or a plan of steps towards one pool. */
export const RampSchema = Type.Object(
  {
    weights: Type.Optional(
      Type.Record(Type.String({ pattern: POOL_PATTERN }), Type.Number({ minimum: 0, maximum: 100 }), {
        minProperties: 1,
        description: 'Percent per pool, summing to 100, e.g. {"a": 90, "b": 10}.',
        examples: [{ a: 90, b: 10 }],
      }),
    ),
    plan: Type.Optional(
      Type.Object(
        {
          pool: PoolName,
          from: Type.Optional(PoolName),
          steps: Type.Array(StepSchema, { minItems: 1, maxItems: 100 }),
          guard: Type.Optional(GuardSchema),
        },
        { additionalProperties: false },
      ),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** The body of `POST …/back` (optional). */
export const BackSchema = Type.Object({ reason: Reason }, { additionalProperties: false });

/** The body of `POST …/drain`. */
export const DrainSchema = Type.Object({ pool: PoolName, reason: Reason }, { additionalProperties: false });

/** The body of `PUT …/rules`: stickiness and overrides of the routing state. */
export const RulesSchema = Type.Object(
  { sticky: StickySchema, overrides: Type.Array(OverrideSchema, { maxItems: 100 }), reason: Reason },
  { additionalProperties: false },
);

/** The body of `POST …/preview-tokens`. */
export const PreviewTokenSchema = Type.Object(
  { pool: PoolName, ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 86_400 })), reason: Reason },
  { additionalProperties: false },
);

/** Query of `GET /traffic/services`. */
export const ListServicesQuerySchema = Type.Object(
  { environment: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export type CreateServiceInput = Static<typeof CreateServiceSchema>;
export type PoolInput = Static<typeof PoolInputSchema>;
export type RampInput = Static<typeof RampSchema>;
export type SwitchInput = Static<typeof SwitchSchema>;
export type BackInput = Static<typeof BackSchema>;
export type DrainInput = Static<typeof DrainSchema>;
export type RulesInput = Static<typeof RulesSchema>;
export type PreviewTokenInput = Static<typeof PreviewTokenSchema>;
export type ListServicesQuery = Static<typeof ListServicesQuerySchema>;
