import { createEvaluator, type EvalContext, type SdkPayload } from "@switchboard/core";
import type { EvalImpl, LoadedPayload } from "../eval-impl.js";
import { defineWorkload, viaWire } from "../eval-impl.js";
import type { User } from "../population.js";
import { FLAG_KEYS } from "../workloads.js";
import { growthBookLoadPayloadText, growthBookWorkloadPayload } from "./growthbook-payload.js";

/** Switchboard's evaluator from the built `@switchboard/core` package, fed the same GrowthBook-format payload. */
export const switchboardImpl: EvalImpl = {
  name: "switchboard",
  async prepare(workload, allowList) {
    const evaluator = createEvaluator(viaWire(growthBookWorkloadPayload(workload, allowList)) as SdkPayload);
    const flagKey = FLAG_KEYS[workload];
    return defineWorkload(
      (user: User): EvalContext => ({ attributes: { id: user.id, country: user.country, os: user.os } }),
      (context: EvalContext) => evaluator.evaluate(flagKey, context).value,
    );
  },
  loadPayloadText: growthBookLoadPayloadText,
  async load(text): Promise<LoadedPayload> {
    const evaluator = createEvaluator(JSON.parse(text) as SdkPayload);
    return { evaluate: (flagKey, user) => evaluator.evaluate(flagKey, { attributes: { ...user } }).value };
  },
};
