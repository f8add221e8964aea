import type { EvalImpl, LoadedPayload } from "../eval-impl.js";
import { defineWorkload, ImplUnavailableError, viaWire } from "../eval-impl.js";
import type { User } from "../population.js";
import { FLAG_KEYS } from "../workloads.js";
import { growthBookLoadPayloadText, growthBookWorkloadPayload } from "./growthbook-payload.js";

type EvaluationContext = { attributes: { id: string; country: string; os: string } };
type Evaluator = { evaluate(flagKey: string, context: EvaluationContext): { value: unknown } };
type CreateEvaluator = (payload: unknown) => Evaluator;

/** Switchboard's evaluator from the built `@switchboard/core` package, fed the same GrowthBook-format payload. */
export const switchboardImpl: EvalImpl = {
  name: "switchboard",
  async prepare(workload, allowList) {
    const evaluator = requireCreateEvaluator()(viaWire(growthBookWorkloadPayload(workload, allowList)));
    const flagKey = FLAG_KEYS[workload];
    return defineWorkload(
      (user: User): EvaluationContext => ({ attributes: { id: user.id, country: user.country, os: user.os } }),
      (context: EvaluationContext) => evaluator.evaluate(flagKey, context).value,
    );
  },
  loadPayloadText: growthBookLoadPayloadText,
  async load(text): Promise<LoadedPayload> {
    const evaluator = requireCreateEvaluator()(JSON.parse(text));
    return { evaluate: (flagKey, user) => evaluator.evaluate(flagKey, { attributes: { ...user } }).value };
  },
};

// Resolved at run time so the bench still measures the peers against a core built without the evaluator; at module
// load, so importing the package is never part of a timed load.
const core: Record<string, unknown> | Error = await import("@switchboard/core").catch((error: unknown) =>
  error instanceof Error ? error : new Error(String(error)),
);

function requireCreateEvaluator(): CreateEvaluator {
  if (core instanceof Error) throw new ImplUnavailableError(`@switchboard/core does not load: ${core.message}`);
  const createEvaluator = core["createEvaluator"];
  if (typeof createEvaluator !== "function") {
    throw new ImplUnavailableError("@switchboard/core exports no createEvaluator (run `npm run build` first)");
  }
  return createEvaluator as CreateEvaluator;
}
