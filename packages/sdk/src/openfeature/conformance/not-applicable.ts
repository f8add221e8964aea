/** A scenario that tests something a Switchboard provider does not do, and why. */
export interface NotApplicable {
  file: string;
  /** The scenario's name, or the start of an outline's name (all its example rows). */
  scenario: string;
  /** Only for this SDK; both when left out. */
  sdk?: "server" | "web";
  reason: string;
}

/**
 * Scenarios that cannot pass with a Switchboard provider. Every one is still run: a listed scenario that passes is
 * reported as passed (and the conformance test flags the stale entry).
 */
export const NOT_APPLICABLE: readonly NotApplicable[] = [
  {
    file: "evaluation_v2.feature",
    scenario: "CACHED reason",
    reason: "evaluation is local and computed on every call; nothing is cached, so CACHED would be untrue",
  },
  {
    file: "evaluation_v2.feature",
    scenario: "Provider in fatal state error",
    reason: "a Switchboard client has no fatal state: it keeps serving its last payload and retries",
  },
  {
    file: "evaluation_v2.feature",
    scenario: "Provider status accessibility [Examples #4: fatal, FATAL]",
    reason: "a Switchboard client has no fatal state: it keeps serving its last payload and retries",
  },
  {
    file: "evaluation_v2.feature",
    scenario: "Flag metadata in evaluation details",
    reason: "Switchboard flags carry no free-form metadata; flagMetadata holds ruleId, inExperiment and experimentKey",
  },
  {
    file: "metadata.feature",
    scenario: "Returns metadata",
    reason: "Switchboard flags carry no free-form metadata; flagMetadata holds ruleId, inExperiment and experimentKey",
  },
  {
    file: "evaluation_v2.feature",
    scenario: "Asynchronous flag evaluation",
    sdk: "web",
    reason: "the web SDK's static-context paradigm evaluates synchronously from the local payload, by design",
  },
];

/** Whole feature files that do not apply to one SDK. */
export const NOT_APPLICABLE_FILES: readonly NotApplicable[] = [
  {
    file: "contextMerging.feature",
    scenario: "",
    sdk: "web",
    reason: "the web SDK has one static context: no transaction, client, invocation or hook levels to merge",
  },
];
