import { createEvaluator } from "../evaluate/create-evaluator.js";
import type { EvalContext, ExperimentDefinition, StickyAssignmentDoc } from "../evaluate/evaluator-types.js";
import type { FeatureResult } from "../evaluate/feature-result.js";
import { runExperiment } from "../evaluate/run-experiment.js";
import { stickyBucketAttributes, stickyBucketKey, stickyValue } from "../evaluate/sticky-buckets.js";
import type { SdkPayload } from "../payload/payload-types.js";
import type { CaseRunner } from "./conformance-types.js";
import { findDifference } from "./loose-equal.js";

/** GrowthBook's test context: payload parts and per-user options in one object. */
type SuiteContext = Record<string, unknown>;

function payloadOf(context: SuiteContext): SdkPayload {
  const payload: SdkPayload = {};
  if (context["features"] !== undefined) payload.features = context["features"] as SdkPayload["features"] & object;
  if (context["savedGroups"] !== undefined) payload.savedGroups = context["savedGroups"] as Record<string, unknown>;
  if (context["contextualBandits"] !== undefined)
    payload.contextualBandits = context["contextualBandits"] as Record<string, unknown>;
  return payload;
}

function evalContextOf(context: SuiteContext): EvalContext {
  const evalContext: EvalContext = { attributes: (context["attributes"] ?? {}) as Record<string, unknown> };
  if (context["forcedVariations"] !== undefined) {
    evalContext.forcedVariations = context["forcedVariations"] as Record<string, number>;
  }
  if (typeof context["url"] === "string") evalContext.url = context["url"];
  if (typeof context["qaMode"] === "boolean") evalContext.qaMode = context["qaMode"];
  if (typeof context["enabled"] === "boolean") evalContext.enabled = context["enabled"];
  return evalContext;
}

/** The fields of a feature result GrowthBook defines (ours add reason, variation and more). */
function growthBookFields(result: FeatureResult): Record<string, unknown> {
  return {
    value: result.value,
    on: result.on,
    off: result.off,
    source: result.source,
    ruleId: result.ruleId,
    experiment: result.experiment,
    experimentResult: result.experimentResult,
  };
}

const runFeatureCase: CaseRunner = ([, context, key, expected]) => {
  const suiteContext = context as SuiteContext;
  const evaluator = createEvaluator(payloadOf(suiteContext));
  const result = evaluator.evaluate(key as string, evalContextOf(suiteContext));
  return findDifference(growthBookFields(result), expected);
};

const runRunCase: CaseRunner = ([, context, experiment, value, inExperiment, hashUsed]) => {
  const suiteContext = context as SuiteContext;
  const evaluator = createEvaluator(payloadOf(suiteContext));
  const result = runExperiment(evaluator, experiment as ExperimentDefinition, evalContextOf(suiteContext));
  return findDifference(
    { value: result.value, inExperiment: result.inExperiment, hashUsed: result.hashUsed },
    { value, inExperiment, hashUsed },
  );
};

/**
 * Replays GrowthBook's sticky-bucket test: the case's documents (then the context's) are stored, the documents of
 * the payload's sticky attributes are loaded for this user, the flag is evaluated, and the documents compared.
 */
const runStickyBucketCase: CaseRunner = ([, context, storedDocs, key, expectedResult, expectedDocs]) => {
  const suiteContext = context as SuiteContext;
  const storage = new Map<string, StickyAssignmentDoc>();
  const initialDocs = Object.values((suiteContext["stickyBucketAssignmentDocs"] ?? {}) as Record<string, unknown>);
  for (const doc of [...(storedDocs as StickyAssignmentDoc[]), ...(initialDocs as StickyAssignmentDoc[])]) {
    storage.set(stickyBucketKey(doc.attributeName, doc.attributeValue), structuredClone(doc));
  }
  const evaluator = createEvaluator(payloadOf(suiteContext));
  const evalContext = evalContextOf(suiteContext);
  const docs: Record<string, StickyAssignmentDoc> = {};
  for (const attribute of stickyBucketAttributes(payloadOf(suiteContext))) {
    const unit = evalContext.attributes[attribute];
    const docKey = stickyBucketKey(attribute, unit ? stickyValue(unit) : "");
    const doc = storage.get(docKey);
    if (doc?.attributeName && doc.attributeValue && doc.assignments) docs[docKey] = doc;
  }
  evalContext.stickyBuckets = { docs };
  const result = evaluator.evaluate(key as string, evalContext);
  return (
    findDifference(result.experimentResult ?? null, expectedResult, "$.experimentResult") ??
    findDifference(docs, expectedDocs, "$.stickyBucketAssignmentDocs")
  );
};

/** Runners of the sections that go through the evaluator, keyed by section name. */
export const EVALUATOR_SECTIONS: Readonly<Record<string, CaseRunner>> = {
  feature: runFeatureCase,
  contextualBandit: runFeatureCase,
  run: runRunCase,
  stickyBucket: runStickyBucketCase,
};
