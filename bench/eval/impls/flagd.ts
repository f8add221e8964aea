import type { EvaluationContext } from "@openfeature/core";
import { FlagdCore } from "@openfeature/flagd-core";
import type { EvalImpl, LoadedPayload } from "../eval-impl.js";
import { defineWorkload } from "../eval-impl.js";
import type { User } from "../population.js";
import { FLAG_KEYS, W2, W3, type WorkloadId } from "../workloads.js";

type FlagdFlag = { state: "ENABLED"; variants: Record<string, unknown>; defaultVariant: string; targeting?: unknown };

const toContext = (user: User): EvaluationContext => ({ targetingKey: user.id, country: user.country, os: user.os });

/** flagd's in-process evaluation engine (what flagd's in-process providers run), with compiled JSON Logic. */
export const flagdImpl: EvalImpl = {
  name: "flagd",
  async prepare(workload, allowList) {
    const core = new FlagdCore();
    core.setConfigurations(flagdConfigText({ [FLAG_KEYS[workload]]: workloadFlag(workload, allowList) }));
    const flagKey = FLAG_KEYS[workload];
    if (workload === "w3") {
      return defineWorkload(
        toContext,
        (context: EvaluationContext) => core.resolveStringEvaluation(flagKey, "", context).value,
      );
    }
    return defineWorkload(
      toContext,
      (context: EvaluationContext) => core.resolveBooleanEvaluation(flagKey, false, context).value,
    );
  },
  loadPayloadText(flags) {
    const config: Record<string, FlagdFlag> = {};
    for (const flag of flags) config[flag.key] = jpMacFlag(flag.country);
    return flagdConfigText(config);
  },
  async load(text): Promise<LoadedPayload> {
    const core = new FlagdCore();
    core.setConfigurations(text);
    return { evaluate: (flagKey, user) => core.resolveBooleanEvaluation(flagKey, false, toContext(user)).value };
  },
};

function flagdConfigText(flags: Record<string, FlagdFlag>): string {
  return JSON.stringify({ $schema: "https://flagd.dev/schema/v0/flags.json", flags });
}

function workloadFlag(workload: WorkloadId, allowList: readonly string[]): FlagdFlag {
  switch (workload) {
    case "w1":
      // No targeting at all: flagd serves the default variant statically.
      return { state: "ENABLED", variants: { on: true, off: false }, defaultVariant: "on" };
    case "w2":
      return jpMacFlag(W2.country);
    case "w3":
      return abcFlag(allowList);
  }
}

/** `fractional` without a bucketing expression hashes flag key + targetingKey: sticky by user id. */
function jpMacFlag(country: string): FlagdFlag {
  const onPercent = Math.round(W2.coverage * 100);
  return {
    state: "ENABLED",
    variants: { on: true, off: false },
    defaultVariant: "off",
    targeting: {
      if: [
        { and: [{ "==": [{ var: "country" }, country] }, { "==": [{ var: "os" }, W2.os] }] },
        {
          fractional: [
            ["on", onPercent],
            ["off", 100 - onPercent],
          ],
        },
        "off",
      ],
    },
  };
}

function abcFlag(allowList: readonly string[]): FlagdFlag {
  const buckets = W3.variations.map((name, i) => [name, Math.round((W3.weights[i] ?? 0) * 100)]);
  return {
    state: "ENABLED",
    variants: Object.fromEntries(W3.variations.map((name) => [name, name])),
    defaultVariant: W3.variations[0],
    targeting: {
      if: [{ in: [{ var: "targetingKey" }, [...allowList]] }, W3.allowListedVariation, { fractional: buckets }],
    },
  };
}
