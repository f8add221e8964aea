import type { Marker, MonitorMetric } from "@switchboard/core";
import type { Candidate } from "./detection.js";
import { type RunQuery, readSplit, readUnitsBy } from "./metric-reader.js";

/**
 * How far before the onset a change can be a candidate (at least; as far back as the detection took when that is
 * longer, since the onset of a slowly detected change is uncertain by about as long), how far after the estimated
 * onset, and the window before the onset compared per variation. The same as the statistics' ranking defaults.
 */
export interface AttributionWindows {
  lookbackMinutes: number;
  slackMinutes: number;
  beforeMinutes: number;
}

export const DEFAULT_ATTRIBUTION_WINDOWS: AttributionWindows = {
  lookbackMinutes: 90,
  slackMinutes: 30,
  beforeMinutes: 30,
};

export interface GatherDeps {
  markers(query: { from: string; to: string; environment?: string }): Promise<Marker[]>;
  query: RunQuery;
  /** The variation a flag serves when off (its default): the others are what an activation started serving. */
  defaultVariationOf(flag: string): Promise<string | undefined>;
}

const minutesBetween = (from: string, to: string) => Math.max(1, (Date.parse(to) - Date.parse(from)) / 60_000);

const FLAG_VERBS: Readonly<Record<string, string>> = {
  "flag.ramp": "ramped",
  "flag.kill": "was switched off",
  "flag.enable": "was switched on",
  "flag.rules": "got new rules",
  "flag.serve-me": "served more units",
  "flag.update": "was edited",
};

function candidateOf(marker: Marker): Candidate | undefined {
  if (marker.kind === "release") {
    const { release } = marker;
    return {
      kind: "release",
      subject: release.sha,
      environment: release.environment,
      at: marker.at,
      changeSeq: null,
      title: marker.title,
      action: null,
      description: `release ${release.sha} deployed to ${release.environment}`,
    };
  }
  const { change } = marker;
  if (change.action.startsWith("monitor.")) return undefined;
  const where = change.environment === null ? "" : ` in ${change.environment}`;
  const base = {
    environment: change.environment,
    at: change.at,
    changeSeq: change.seq,
    title: marker.title,
    action: change.action,
    description: marker.title,
  };
  if (change.subjectKind === "flag") {
    const verb = FLAG_VERBS[change.action] ?? `changed (${change.action})`;
    const description = `\`${change.subjectKey}\` ${verb}${where} by ${change.actor}`;
    return { kind: "flag", subject: change.subjectKey, ...base, description };
  }
  if (change.subjectKind === "schedule") {
    const after = change.after as { flag?: string }[] | { flag?: string } | null;
    const flag = Array.isArray(after) ? after[0]?.flag : after?.flag;
    return flag === undefined
      ? undefined
      : { kind: "flag", subject: flag, ...base, description: `a scheduled step of \`${flag}\`${where}` };
  }
  if (change.subjectKind === "service" && change.action.startsWith("traffic.")) {
    return { kind: "traffic", subject: change.subjectKey, ...base };
  }
  return undefined;
}

/**
 * The markers of the metric's environment (or of none) that could start an incident — the ones `gatherCandidates`
 * would name — as changes for the detector to watch, each with a stable id (the change's sequence number, or the
 * release and its time).
 */
export function watchedChanges(markers: readonly Marker[], environment: string): { id: string; at: string }[] {
  return markers
    .filter((m) => (m.environment === null || m.environment === environment) && candidateOf(m) !== undefined)
    .map((m) => ({
      id: m.kind === "release" ? `release:${m.release.sha}:${m.at}` : `change:${m.change.seq}`,
      at: m.at,
    }));
}

/**
 * The candidate causes of a change that started at `onsetAt`: every marker of the monitor's environment (or of
 * no environment) in the lookback window before it, and for each flag the metric per minute of each of its
 * variations before and after the onset, read from the assignment vector the events carry.
 */
export async function gatherCandidates(
  deps: GatherDeps,
  metric: MonitorMetric,
  onsetAt: string,
  detectedAt: string,
  windows: AttributionWindows = DEFAULT_ATTRIBUTION_WINDOWS,
): Promise<Candidate[]> {
  const onset = Date.parse(onsetAt);
  const lookbackMs = Math.max(windows.lookbackMinutes * 60_000, Date.parse(detectedAt) - onset);
  const from = new Date(onset - lookbackMs).toISOString();
  const to = new Date(onset + (windows.slackMinutes + 1) * 60_000).toISOString();
  const markers = await deps.markers({ from, to });
  const candidates = markers
    .filter((m) => m.environment === null || m.environment === metric.environment)
    .map(candidateOf)
    .filter((c): c is Candidate => c !== undefined);
  // The latest change of each subject speaks for it; older ones of the same flag add no evidence.
  const latest = new Map<string, Candidate>();
  for (const candidate of candidates) latest.set(`${candidate.kind}/${candidate.subject}`, candidate);
  const beforeFrom = new Date(onset - windows.beforeMinutes * 60_000).toISOString();
  const afterTo = new Date(Math.max(Date.parse(detectedAt), onset + 60_000)).toISOString();
  const out: Candidate[] = [];
  for (const candidate of latest.values()) {
    if (candidate.kind !== "flag") {
      out.push(candidate);
      continue;
    }
    const field = `assignments.${candidate.subject}`;
    const [before, after, unitsBefore, unitsAfter, defaultVariation] = await Promise.all([
      readSplit(deps.query, metric, field, beforeFrom, onsetAt),
      readSplit(deps.query, metric, field, onsetAt, afterTo),
      readUnitsBy(deps.query, metric.environment, field, beforeFrom, onsetAt),
      readUnitsBy(deps.query, metric.environment, field, onsetAt, afterTo),
      deps.defaultVariationOf(candidate.subject),
    ]);
    const beforeMinutes = minutesBetween(beforeFrom, onsetAt);
    const afterMinutes = minutesBetween(onsetAt, afterTo);
    const names = new Set([...before.keys(), ...after.keys(), ...unitsAfter.keys()]);
    names.delete("(none)");
    const variations = [...names].sort().map((variation) => ({
      variation,
      activated: defaultVariation !== undefined && variation !== defaultVariation,
      before: (before.get(variation) ?? 0) / beforeMinutes,
      after: (after.get(variation) ?? 0) / afterMinutes,
      beforeMinutes,
      afterMinutes,
      unitsBefore: unitsBefore.get(variation) ?? 0,
      unitsAfter: unitsAfter.get(variation) ?? 0,
    }));
    out.push({ ...candidate, variations });
  }
  return out;
}
