import type { EvalImpl, PreparedWorkload } from "../eval-impl.js";
import { defineWorkload } from "../eval-impl.js";
import type { User } from "../population.js";
import { W2, W3, type WorkloadId } from "../workloads.js";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BUCKETS = 10_000;

/** Continues a 32-bit FNV-1a hash over `text`; seeding once with a fixed prefix avoids a concatenation per call. */
function fnv1a(state: number, text: string): number {
  let hash = state;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The practical lower bound: each workload hand-written in plain TypeScript, knowing its one flag in advance.
 * No payload, no generality; only the work the workload itself requires.
 */
export const floorImpl: EvalImpl = {
  name: "floor",
  async prepare(workload, allowList) {
    return floorWorkload(workload, new Set(allowList));
  },
};

function floorWorkload(workload: WorkloadId, allowed: ReadonlySet<string>): PreparedWorkload {
  const toContext = (user: User): User => user;
  switch (workload) {
    case "w1":
      return defineWorkload(toContext, (_user: User) => true);
    case "w2": {
      const seed = fnv1a(FNV_OFFSET, W2.ruleId);
      const threshold = W2.coverage * BUCKETS;
      return defineWorkload(
        toContext,
        (user: User) => user.country === W2.country && user.os === W2.os && fnv1a(seed, user.id) % BUCKETS < threshold,
      );
    }
    case "w3": {
      const seed = fnv1a(FNV_OFFSET, W3.seed);
      const [a = 0, b = 0] = W3.weights;
      const [toA, toB] = [a * BUCKETS, (a + b) * BUCKETS];
      return defineWorkload(toContext, (user: User) => {
        if (allowed.has(user.id)) return W3.allowListedVariation;
        const bucket = fnv1a(seed, user.id) % BUCKETS;
        return bucket < toA ? "A" : bucket < toB ? "B" : "C";
      });
    }
  }
}
