import { type Static, Type } from "@sinclair/typebox";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** How results are computed: fixed-horizon tests, Bayesian chance to win, or always-valid sequential tests. */
export const ANALYSIS_METHODS = ["frequentist", "bayesian", "sequential"] as const;
/** Multiple-comparison corrections across metrics × variations. */
export const RESULT_CORRECTIONS = ["none", "holm", "bh"] as const;

/** The query of `GET /experiments/{key}/results`. */
export const ExperimentResultsQuerySchema = Type.Object(
  {
    environment: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Default production." })),
    phase: Type.Optional(Type.Integer({ minimum: 1, description: "1-based phase; default the latest." })),
    from: Type.Optional(Type.String({ maxLength: 40, description: "ISO 8601; narrows the phase's start." })),
    to: Type.Optional(Type.String({ maxLength: 40, description: "ISO 8601; narrows the phase's end." })),
    method: Type.Optional(
      Type.Union(
        ANALYSIS_METHODS.map((m) => Type.Literal(m)),
        { default: "frequentist" },
      ),
    ),
    cuped: Type.Optional(Type.Boolean({ description: "Adjust with pre-exposure values (default true)." })),
    correction: Type.Optional(
      Type.Union(
        RESULT_CORRECTIONS.map((c) => Type.Literal(c)),
        { default: "none" },
      ),
    ),
    confidenceLevel: Type.Optional(Type.Number({ exclusiveMinimum: 0.5, exclusiveMaximum: 1, default: 0.95 })),
  },
  { additionalProperties: false },
);

/** Why a comparison has no numbers, with the counts behind it. */
export const NotEnoughDataSchema = Type.Object({
  reason: Type.String(),
  message: Type.String(),
  units: Type.Object({ control: Type.Number(), treatment: Type.Number() }),
});

/** The change of a treatment against the control; `ciLow`/`ciHigh` bound the relative change. */
export const ResultChangeSchema = Type.Object({
  absolute: Type.Number(),
  relative: Type.Number(),
  ciLow: Type.Number(),
  ciHigh: Type.Number(),
  absoluteCiLow: Type.Number(),
  absoluteCiHigh: Type.Number(),
});

/** One variation of one metric. The control has `change: null`; so does a treatment without enough data. */
export const VariationResultSchema = Type.Object({
  variation: Type.String(),
  units: Type.Number(),
  value: Nullable(Type.Number()),
  change: Nullable(ResultChangeSchema),
  pValue: Nullable(Type.Number()),
  chanceToWin: Nullable(Type.Number()),
  significant: Type.Boolean(),
  notEnoughData: Type.Optional(NotEnoughDataSchema),
  varianceReduction: Type.Optional(Type.Number()),
  minimumDetectableEffect: Type.Optional(Nullable(Type.Number())),
  costPerDay: Type.Optional(
    Type.Object(
      {
        milliseconds: Type.Number(),
        cpuHours: Type.Number(),
      },
      {
        description:
          "For time metrics (span ms, durationMs): the change's extra (or saved) milliseconds per day if every unit got this variation, at the window's traffic.",
      },
    ),
  ),
  daysUntilDetectable: Type.Optional(
    Nullable(
      Type.Object({
        relativeEffect: Type.Number(),
        days: Type.Number({ description: "More days at the observed traffic; 0 when already detectable." }),
      }),
    ),
  ),
});

/** A guardrail's verdict for one treatment. */
export const GuardrailVerdictSchema = Type.Object({
  metric: Type.String(),
  variation: Type.String(),
  tolerance: Type.Number(),
  verdict: Type.Union([
    Type.Literal("breached"),
    Type.Literal("at-risk"),
    Type.Literal("ok"),
    Type.Literal("not-enough-data"),
  ]),
  message: Type.String(),
});

/** One metric's results. */
export const MetricResultSchema = Type.Object({
  metric: Type.String(),
  kind: Type.String(),
  role: Type.Union([Type.Literal("primary"), Type.Literal("secondary"), Type.Literal("guardrail")]),
  direction: Type.Union([Type.Literal("higher"), Type.Literal("lower")]),
  variations: Type.Array(VariationResultSchema),
});

/** The answer of `GET /experiments/{key}/results`. */
export const ExperimentResultsSchema = Type.Object({
  experiment: Type.String(),
  environment: Type.String(),
  flag: Nullable(Type.String()),
  method: Type.String(),
  correction: Type.String(),
  confidenceLevel: Type.Number(),
  phase: Nullable(
    Type.Object({ index: Type.Integer(), start: Type.String(), end: Nullable(Type.String()), phases: Type.Integer() }),
  ),
  control: Nullable(Type.String()),
  units: Type.Object({ total: Type.Number(), multipleVariations: Type.Number() }),
  srm: Type.Object({
    pValue: Nullable(Type.Number()),
    mismatch: Type.Boolean(),
    expected: Type.Record(Type.String(), Type.Number()),
    observed: Type.Record(Type.String(), Type.Number()),
    message: Type.String(),
  }),
  metrics: Type.Array(MetricResultSchema),
  guardrails: Type.Array(GuardrailVerdictSchema),
  undefinedMetrics: Type.Array(Type.String()),
  notEnoughData: Nullable(Type.String()),
  summary: Type.String(),
});

/** The query of the results endpoint. */
export type ExperimentResultsQuery = Static<typeof ExperimentResultsQuerySchema>;
/** The results of an experiment. */
export type ExperimentResults = Static<typeof ExperimentResultsSchema>;
/** One metric's results. */
export type MetricResult = Static<typeof MetricResultSchema>;
/** One variation's result for one metric. */
export type VariationResult = Static<typeof VariationResultSchema>;
/** A guardrail verdict. */
export type GuardrailVerdict = Static<typeof GuardrailVerdictSchema>;
