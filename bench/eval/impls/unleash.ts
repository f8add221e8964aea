import { type Context, InMemStorageProvider, Unleash, UnleashEvents } from "unleash-client";
import type { EvalImpl, LoadedPayload } from "../eval-impl.js";
import { defineWorkload, viaWire } from "../eval-impl.js";
import type { User } from "../population.js";
import { FLAG_KEYS, W1, W2, W3, type WorkloadId } from "../workloads.js";

type Bootstrap = { features: Record<string, unknown>[]; segments?: Record<string, unknown>[] };

const READY_TIMEOUT_MS = 10_000;
const ALLOW_SEGMENT_ID = 1;

/** Unleash's Node SDK, bootstrapped in memory: no fetching, no metrics, no backup file. */
export const unleashImpl: EvalImpl = {
  name: "unleash",
  async prepare(workload, allowList) {
    const unleash = await startOffline(viaWire(unleashWorkloadBootstrap(workload, allowList)));
    const flagKey = FLAG_KEYS[workload];
    const toContext = (user: User): Context => ({
      userId: user.id,
      properties: { country: user.country, os: user.os },
    });
    if (workload === "w3") {
      return defineWorkload(toContext, (context: Context) => unleash.getVariant(flagKey, context).name);
    }
    return defineWorkload(toContext, (context: Context) => unleash.isEnabled(flagKey, context));
  },
  loadPayloadText(flags) {
    return JSON.stringify({ features: flags.map((flag) => jpMacFeature(flag.key, flag.country)) });
  },
  async load(text): Promise<LoadedPayload> {
    const unleash = await startOffline(JSON.parse(text) as Bootstrap);
    return {
      evaluate: (flagKey, user) =>
        unleash.isEnabled(flagKey, { userId: user.id, properties: { country: user.country, os: user.os } }),
    };
  },
};

/** Starts a client that only ever sees the bootstrap; the unroutable URL guarantees no real server is reached. */
async function startOffline(bootstrap: Bootstrap): Promise<Unleash> {
  const unleash = new Unleash({
    appName: "switchboard-bench",
    url: "http://127.0.0.1:9/api",
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: bootstrap.features as never, segments: (bootstrap.segments ?? []) as never },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("unleash did not become ready")), READY_TIMEOUT_MS);
    unleash.once(UnleashEvents.Synchronized, () => {
      clearTimeout(timer);
      resolve();
    });
    unleash.once(UnleashEvents.Error, (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return unleash;
}

function unleashWorkloadBootstrap(workload: WorkloadId, allowList: readonly string[]): Bootstrap {
  switch (workload) {
    case "w1":
      return { features: [{ name: W1.flagKey, enabled: true, strategies: [{ name: "default", parameters: {} }] }] };
    case "w2":
      return { features: [jpMacFeature(W2.flagKey, W2.country)] };
    case "w3":
      return {
        features: [abcFeature()],
        segments: [
          {
            id: ALLOW_SEGMENT_ID,
            name: "allow-listed",
            constraints: [{ contextName: "userId", operator: "IN", values: [...allowList] }],
          },
        ],
      };
  }
}

function jpMacFeature(name: string, country: string): Record<string, unknown> {
  return {
    name,
    enabled: true,
    strategies: [
      {
        name: "flexibleRollout",
        parameters: { rollout: String(Math.round(W2.coverage * 100)), stickiness: "userId", groupId: W2.ruleId },
        constraints: [
          { contextName: "country", operator: "IN", values: [country] },
          { contextName: "os", operator: "IN", values: [W2.os] },
        ],
      },
    ],
  };
}

/** Strategy variants (Unleash's current way): the segment strategy serves only B, the next one splits A/B/C. */
function abcFeature(): Record<string, unknown> {
  const rollout = { rollout: "100", stickiness: "userId", groupId: W3.experimentKey };
  const variant = (name: string, weight: number) => ({ name, weight, stickiness: "userId", weightType: "variable" });
  return {
    name: W3.flagKey,
    enabled: true,
    strategies: [
      { name: "flexibleRollout", parameters: rollout, segments: [ALLOW_SEGMENT_ID], variants: [variant("B", 1000)] },
      {
        name: "flexibleRollout",
        parameters: rollout,
        variants: W3.variations.map((name, i) => variant(name, Math.round((W3.weights[i] ?? 0) * 1000))),
      },
    ],
  };
}
