import { type Static, Type } from "@sinclair/typebox";
import { DEFAULT_HASH_ATTRIBUTE, DEFAULT_HASH_VERSION, ID_PATTERN, NAME_PATTERN } from "./model-defaults.js";
import { DescriptionText } from "./text-limits.js";

/** A GrowthBook/MongoDB-style condition on attributes, e.g. `{"country": "jp", "os": {"$in": ["macOS"]}}`. */
export const ConditionSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A MongoDB-style condition on attributes, e.g. {"country": "jp"}.',
});

/** A requirement that another flag serves a given variation to the same unit. */
export const PrerequisiteSchema = Type.Object(
  {
    flag: Type.String({ pattern: NAME_PATTERN, description: "Key of the flag this rule depends on." }),
    is: Type.String({ pattern: ID_PATTERN, description: "The variation that flag must serve." }),
  },
  { additionalProperties: false },
);

const VariationKey = Type.String({ pattern: ID_PATTERN });
const hashAttribute = (fallback?: string) =>
  Type.String({
    minLength: 1,
    description: "Attribute hashed to pick units.",
    ...(fallback === undefined ? {} : { default: fallback }),
  });
const seed = (description: string) => Type.String({ minLength: 1, description });

// Every rule kind shares who it applies to; all parts present must match.
const targeting = {
  id: Type.String({ pattern: ID_PATTERN, description: "Rule id, unique within the environment." }),
  description: Type.Optional(DescriptionText()),
  condition: Type.Optional(ConditionSchema),
  segments: Type.Optional(
    Type.Array(Type.String({ pattern: NAME_PATTERN }), { description: "Segments that must all match." }),
  ),
  prerequisites: Type.Optional(Type.Array(PrerequisiteSchema)),
};

/** Serves one variation to everyone matching, or to `percent` of them. */
export const ForceRuleSchema = Type.Object(
  {
    kind: Type.Literal("force"),
    ...targeting,
    serve: VariationKey,
    percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "Share of matching units (0-100)." })),
    hashAttribute: Type.Optional(hashAttribute()),
    seed: Type.Optional(seed("Hash seed; defaults to the flag key.")),
  },
  { additionalProperties: false },
);

/** A percentage rollout of one variation; a unit that is in stays in while `percent` grows. */
export const RampRuleSchema = Type.Object(
  {
    kind: Type.Literal("ramp"),
    ...targeting,
    serve: VariationKey,
    percent: Type.Number({ minimum: 0, maximum: 100 }),
    hashAttribute: Type.Optional(hashAttribute(DEFAULT_HASH_ATTRIBUTE)),
    seed: Type.Optional(seed("Hash seed; defaults to the flag key.")),
  },
  { additionalProperties: false },
);

/** `[start, end)` of the namespace a mutually exclusive experiment occupies. */
export const NamespaceSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    range: Type.Tuple([Type.Number({ minimum: 0, maximum: 1 }), Type.Number({ minimum: 0, maximum: 1 })]),
  },
  { additionalProperties: false },
);

/** Splits matching units randomly between variations by weight. */
export const ExperimentRuleSchema = Type.Object(
  {
    kind: Type.Literal("experiment"),
    ...targeting,
    key: Type.String({ pattern: NAME_PATTERN, description: "Experiment key; links to experiments[key]." }),
    variations: Type.Array(VariationKey, { minItems: 1, description: "Variation keys, in order." }),
    weights: Type.Optional(
      Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { description: "Sum to 1; equal when omitted." }),
    ),
    hashAttribute: Type.Optional(hashAttribute(DEFAULT_HASH_ATTRIBUTE)),
    fallbackAttribute: Type.Optional(Type.String({ minLength: 1 })),
    seed: Type.Optional(seed("Hash seed; defaults to the experiment key.")),
    coverage: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 1 })),
    namespace: Type.Optional(NamespaceSchema),
    hashVersion: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { default: DEFAULT_HASH_VERSION })),
  },
  { additionalProperties: false },
);

/** One ordered targeting step of a flag in one environment, discriminated by `kind`. */
export const RuleSchema = Type.Union([ForceRuleSchema, RampRuleSchema, ExperimentRuleSchema]);

/** A prerequisite of a rule. */
export type Prerequisite = Static<typeof PrerequisiteSchema>;
/** A rule that forces a variation. */
export type ForceRule = Static<typeof ForceRuleSchema>;
/** A percentage rollout rule. */
export type RampRule = Static<typeof RampRuleSchema>;
/** An experiment rule. */
export type ExperimentRule = Static<typeof ExperimentRuleSchema>;
/** Any rule. */
export type Rule = Static<typeof RuleSchema>;
