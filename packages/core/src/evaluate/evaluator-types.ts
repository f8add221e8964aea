import type {
  Attributes,
  BucketRange,
  Condition,
  Filter,
  Namespace,
  ParentCondition,
  VariationMeta,
} from "../payload/payload-types.js";
import type { FeatureResult } from "./feature-result.js";

/** One sticky-bucket document: the variations a unit (attribute name and value) was assigned, per experiment. */
export interface StickyAssignmentDoc {
  attributeName: string;
  attributeValue: string;
  /** `"<experimentKey>__<bucketVersion>"` → variation key. */
  assignments: Record<string, string>;
}

/**
 * Sticky-bucket documents of one unit, held in memory and read and written synchronously during evaluation.
 * The host loads them before evaluating (see `stickyBucketAttributes`) and persists those passed to `onSave`.
 */
export interface StickyBucketStore {
  /** Documents keyed by `"<attributeName>||<attributeValue>"` (see `stickyBucketKey`). */
  docs: Record<string, StickyAssignmentDoc>;
  /** Called after evaluation created or changed a document. Must not throw. */
  onSave?: ((doc: StickyAssignmentDoc) => void) | undefined;
}

/** Who is asking, and the per-request switches: everything an evaluation depends on besides the payload. */
export interface EvalContext {
  attributes: Attributes;
  /** Experiment key → forced variation index (QA tools). */
  forcedVariations?: Record<string, number> | undefined;
  /** Flag key → value served as is (source `override`). */
  forcedFeatureValues?: Map<string, unknown> | undefined;
  /** The page URL; `?<experimentKey>=<index>` in it forces a variation. */
  url?: string | undefined;
  /** QA mode: nobody is bucketed into experiments (forced variations still apply). */
  qaMode?: boolean | undefined;
  /** `false` turns every experiment off for this context. */
  enabled?: boolean | undefined;
  /** Turns sticky bucketing on for this context. */
  stickyBuckets?: StickyBucketStore | undefined;
}

/** An experiment run directly (GrowthBook's inline experiments, the `run` conformance section). */
export interface ExperimentDefinition {
  key: string;
  variations: readonly unknown[];
  weights?: number[];
  coverage?: number;
  force?: number;
  condition?: Condition;
  parentConditions?: ParentCondition[];
  hashAttribute?: string;
  fallbackAttribute?: string;
  hashVersion?: number;
  seed?: string;
  namespace?: Namespace;
  filters?: Filter[];
  ranges?: BucketRange[];
  meta?: VariationMeta[];
  active?: boolean;
  status?: string;
  groups?: string[];
  bucketVersion?: number;
  minBucketVersion?: number;
  disableStickyBucketing?: boolean;
  [extra: string]: unknown;
}

/** Options of `createEvaluator`. */
export interface EvaluatorOptions {
  /**
   * Called once per compile warning, as it is found: when its flag is compiled, on first evaluation unless `eager`
   * (they are also listed in `Evaluator.warnings`).
   */
  onWarning?: ((message: string) => void) | undefined;
  /** Compiles every flag while loading instead of on first evaluation: slower loads, no first-call cost. */
  eager?: boolean | undefined;
}

/** A payload whose flags compile into closures once each; every method is safe to call with any context and never throws. */
export interface Evaluator {
  /** Evaluates one flag for one context. The result may be a shared frozen object: treat it as read-only. */
  evaluate(flagKey: string, context: EvalContext): FeatureResult;
  /** Like `evaluate`, but serves `defaultValue` with `TYPE_MISMATCH` when the value's `typeof` differs. */
  getValue<T>(flagKey: string, context: EvalContext, defaultValue: T): FeatureResult<T>;
  readonly flagKeys: readonly string[];
  /**
   * Problems found while compiling that do not stop evaluation (e.g. a regex that can never match). Complete for
   * the whole payload: reading it compiles every flag not compiled yet.
   */
  readonly warnings: readonly string[];
}
