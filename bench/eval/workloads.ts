/** The evaluation workloads, each expressed by every implementation in its own native config format. */
export type WorkloadId = "w1" | "w2" | "w3";

/** Implementations measured; `floor` is a hand-written, workload-specific lower bound, not a peer. */
export type ImplName = "switchboard" | "growthbook" | "unleash" | "flagd" | "floor";

/** Peers, in the order they appear in tables. */
export const PEERS: readonly ImplName[] = ["growthbook", "unleash", "flagd"];
export const EVAL_IMPLS: readonly ImplName[] = ["switchboard", ...PEERS, "floor"];
export const LOAD_IMPLS: readonly ImplName[] = ["switchboard", ...PEERS];

/** W1: one boolean flag, on for everyone. */
export const W1 = { flagKey: "w1-everyone" } as const;

/** W2: on for 5% of users in `jp` on `macOS`, sticky by user id; off for everyone else. */
export const W2 = { flagKey: "w2-jp-mac", ruleId: "jp-mac", country: "jp", os: "macOS", coverage: 0.05 } as const;

/** W3: an A/B/C experiment on user id, plus a segment rule sending allow-listed ids to `B`. */
export const W3 = {
  flagKey: "w3-abc",
  experimentKey: "abc",
  seed: "abc",
  variations: ["A", "B", "C"],
  weights: [0.34, 0.33, 0.33],
  allowListedVariation: "B",
} as const;

/** The flag key each workload evaluates. */
export const FLAG_KEYS: Record<WorkloadId, string> = { w1: W1.flagKey, w2: W2.flagKey, w3: W3.flagKey };

/** The value the timed loop counts, so every result is consumed and nothing is optimised away. */
export const PROBES: Record<WorkloadId, boolean | string> = { w1: true, w2: true, w3: "B" };

/** Evaluations per measured run: ours and the floor at ≥ 1M; peers fewer, the same count for every peer. */
export function evaluationsPerRun(impl: ImplName, workload: WorkloadId): number {
  if (impl === "switchboard" || impl === "floor") return 2_000_000;
  return workload === "w3" ? 100_000 : 200_000;
}
