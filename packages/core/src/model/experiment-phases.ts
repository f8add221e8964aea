import type { Flag } from "./flag-set-schema.js";
import { type ResolvedExperimentRule, resolveEnvironment } from "./normalize-flag-set.js";

/** One version of a flag as the change log recorded it: when it took effect and its body (null once archived). */
export interface FlagVersionAt {
  at: string;
  flag: Flag | null;
}

/** The split an experiment ran with during one phase. */
export interface ExperimentSplit {
  variations: string[];
  weights: number[];
  coverage: number;
}

/**
 * A period during which an experiment ran with one split: the analysis window of its results. `end` is null while
 * the phase is still running.
 */
export interface ExperimentPhase {
  /** 1 for the first phase. */
  index: number;
  start: string;
  end: string | null;
  split: ExperimentSplit;
}

/**
 * The phases of experiment `experimentKey` in `environment`, from the versions of the flag that holds its rule
 * (oldest first). A phase starts when the experiment starts serving (its rule is present and the flag enabled) and
 * a new one starts whenever the split changes: variations, weights, coverage, or anything that reshuffles units
 * (hash attribute, seed, hash version, namespace). Pausing (kill switch, rule removed, flag archived) ends a phase;
 * resuming with the same split starts a new one, because exposures in between are not comparable.
 */
export function experimentPhases(
  versions: readonly FlagVersionAt[],
  flagKey: string,
  experimentKey: string,
  environment: string,
): ExperimentPhase[] {
  const phases: ExperimentPhase[] = [];
  let current: { phase: ExperimentPhase; signature: string } | undefined;
  for (const version of versions) {
    const rule = version.flag === null ? undefined : runningRule(version.flag, flagKey, experimentKey, environment);
    const signature = rule === undefined ? undefined : splitSignature(rule);
    if (current !== undefined && signature === current.signature) continue;
    if (current !== undefined) current.phase.end = version.at;
    current = undefined;
    if (rule === undefined || signature === undefined) continue;
    const phase: ExperimentPhase = { index: phases.length + 1, start: version.at, end: null, split: splitOf(rule) };
    phases.push(phase);
    current = { phase, signature };
  }
  return phases;
}

/** The phase asked for by its 1-based index, or the latest one when `index` is undefined. */
export function pickPhase(phases: readonly ExperimentPhase[], index?: number): ExperimentPhase | undefined {
  return index === undefined ? phases.at(-1) : phases.find((phase) => phase.index === index);
}

function runningRule(
  flag: Flag,
  flagKey: string,
  experimentKey: string,
  environment: string,
): ResolvedExperimentRule | undefined {
  const raw = flag.environments?.[environment];
  if (raw === undefined) return undefined;
  const resolved = resolveEnvironment(flagKey, raw);
  if (!resolved.enabled) return undefined;
  for (const rule of resolved.rules) {
    if (rule.kind === "experiment" && rule.key === experimentKey) return rule;
  }
  return undefined;
}

function splitOf(rule: ResolvedExperimentRule): ExperimentSplit {
  return { variations: [...rule.variations], weights: [...rule.weights], coverage: rule.coverage };
}

function splitSignature(rule: ResolvedExperimentRule): string {
  const { variations, weights, coverage, hashAttribute, seed, hashVersion, namespace } = rule;
  return JSON.stringify([variations, weights, coverage, hashAttribute, seed, hashVersion, namespace ?? null]);
}
