import { type Static, Type } from "@sinclair/typebox";
import { MetricSchema } from "./metric-schema.js";
import { ID_PATTERN, MAX_SEGMENT_IDS, NAME_PATTERN } from "./model-defaults.js";
import { ConditionSchema, RuleSchema } from "./rule-schema.js";
import { DescriptionText, LabelList, LabelText, MAX_CONDITION_TEXT_CHARS } from "./text-limits.js";

const Name = Type.String({ pattern: NAME_PATTERN });

/** A segment defined by a condition on attributes. */
export const ConditionSegmentSchema = Type.Object(
  { description: Type.Optional(DescriptionText()), condition: ConditionSchema },
  { additionalProperties: false },
);

/** A segment defined by a list of ids of one attribute. */
export const IdListSegmentSchema = Type.Object(
  {
    description: Type.Optional(DescriptionText()),
    attribute: LabelText({ minLength: 1, description: "The attribute whose value must be in the list." }),
    ids: Type.Array(Type.Union([Type.String({ maxLength: MAX_CONDITION_TEXT_CHARS }), Type.Number()]), {
      maxItems: MAX_SEGMENT_IDS,
    }),
    clientVisible: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          "Inlined (as $in, up to 1,000 ids) into client payloads, where anyone can read it. Off: the list stays on the server and flags using it are left out of client payloads.",
      }),
    ),
  },
  { additionalProperties: false },
);

/** A named, reusable condition or id list. */
export const SegmentSchema = Type.Union([ConditionSegmentSchema, IdListSegmentSchema]);

/** One value a flag can serve, named by its key. */
export const VariationSchema = Type.Object(
  {
    key: Type.String({ pattern: ID_PATTERN }),
    value: Type.Unknown({ description: "A JSON value of the flag's type." }),
    description: Type.Optional(DescriptionText()),
  },
  { additionalProperties: false },
);

/** A flag's state in one environment: on or killed, its default, and its ordered rules. */
export const FlagEnvironmentSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ default: true, description: "false is the kill switch." })),
    defaultVariation: Type.Optional(Type.String({ pattern: ID_PATTERN })),
    rules: Type.Optional(Type.Array(RuleSchema, { default: [] })),
  },
  { additionalProperties: false },
);

/** A gate in code with two or more variations, configured per environment. */
export const FlagSchema = Type.Object(
  {
    description: Type.Optional(DescriptionText()),
    owner: Type.Optional(LabelText()),
    tags: Type.Optional(LabelList()),
    type: Type.Union([Type.Literal("boolean"), Type.Literal("string"), Type.Literal("number"), Type.Literal("json")]),
    variations: Type.Optional(
      Type.Array(VariationSchema, { minItems: 1, description: "Boolean flags default to off: false, on: true." }),
    ),
    defaultVariation: Type.String({ pattern: ID_PATTERN }),
    clientVisible: Type.Optional(Type.Boolean({ default: false, description: "Included in client payloads." })),
    environments: Type.Optional(Type.Record(Name, FlagEnvironmentSchema, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** When a running experiment turns itself off. Deliberately open: policies grow fields over time. */
export const AutoDisableSchema = Type.Object(
  { guardrail: Type.Optional(LabelText()), threshold: Type.Optional(Type.Number()) },
  { additionalProperties: true },
);

/** What an experiment is for and how it is judged. */
export const ExperimentSchema = Type.Object(
  {
    description: Type.Optional(DescriptionText()),
    hypothesis: Type.Optional(DescriptionText()),
    owner: Type.Optional(LabelText()),
    metrics: Type.Optional(
      LabelList("The primary metrics (keys of metric definitions): the ones the decision rests on."),
    ),
    secondaryMetrics: Type.Optional(LabelList("Metrics shown for understanding, not for the decision.")),
    guardrails: Type.Optional(LabelList("Metrics that must not get worse than their tolerance.")),
    autoDisable: Type.Optional(AutoDisableSchema),
  },
  { additionalProperties: false },
);

/** A field of a flag that people change on the server while a rollout runs, so a flag-set file does not own it. */
export const ServerOwnedFieldSchema = Type.Union([
  Type.Literal("enabled"),
  Type.Literal("percent"),
  Type.Literal("serve-me"),
]);

/** The control-plane model: flags, segments and experiments of one project. */
export const FlagSetSchema = Type.Object(
  {
    version: Type.Literal(1),
    environments: Type.Optional(Type.Array(Name, { description: "When declared, the only environment names." })),
    segments: Type.Optional(Type.Record(Name, SegmentSchema, { additionalProperties: false, default: {} })),
    flags: Type.Record(Name, FlagSchema, { additionalProperties: false }),
    experiments: Type.Optional(Type.Record(Name, ExperimentSchema, { additionalProperties: false, default: {} })),
    metrics: Type.Optional(Type.Record(Name, MetricSchema, { additionalProperties: false, default: {} })),
    serverOwned: Type.Optional(
      Type.Array(ServerOwnedFieldSchema, {
        uniqueItems: true,
        description:
          "Fields that live operations change and `switchboard flags apply` leaves as the server has them: `enabled` (the kill switch), `percent` (ramps), `serve-me` (the serve-me rule).",
      }),
    ),
  },
  { additionalProperties: false, title: "Switchboard flag set" },
);

/** A condition segment. */
export type ConditionSegment = Static<typeof ConditionSegmentSchema>;
/** An id-list segment. */
export type IdListSegment = Static<typeof IdListSegmentSchema>;
/** Any segment. */
export type Segment = Static<typeof SegmentSchema>;
/** A variation of a flag. */
export type Variation = Static<typeof VariationSchema>;
/** A flag's configuration in one environment. */
export type FlagEnvironment = Static<typeof FlagEnvironmentSchema>;
/** A flag. */
export type Flag = Static<typeof FlagSchema>;
/** Experiment metadata. */
export type ExperimentMeta = Static<typeof ExperimentSchema>;
/** A field a flag-set file may leave to the server. */
export type ServerOwnedField = Static<typeof ServerOwnedFieldSchema>;
/** A flag set, the unit the control plane validates, stores and compiles. */
export type FlagSet = Static<typeof FlagSetSchema>;

/** The published JSON Schema document of a flag set. */
export function flagSetJsonSchema(): Record<string, unknown> {
  // A JSON round trip drops TypeBox's symbol-keyed bookkeeping and fixes the key order.
  const schema = JSON.parse(JSON.stringify(FlagSetSchema)) as Record<string, unknown>;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://switchboard.dev/schema/flag-set.schema.json",
    ...schema,
  };
}
