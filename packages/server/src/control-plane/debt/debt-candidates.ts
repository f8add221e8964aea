import {
  type Change,
  type CodeReferenceSet,
  type DebtBoard,
  type DebtCandidate,
  type DebtFinding,
  type Flag,
  type LocatedReference,
  resolveVariations,
  type StoredDocument,
} from "@switchboard/core";
import { locateReferences } from "../code-references/index.js";
import { exposedStretch, lastSeenOf, type VariationSeen } from "./exposed-variation.js";
import { servedToEveryone } from "./served-variation.js";

const DAY_MS = 86_400_000;
const WEEKS_SHOWN = 12;

/** Everything staleness is measured from: the stored flags and their history, the scans, and activity. */
export interface DebtInputs {
  now: Date;
  /** N: how long a state must have held (default 30). */
  days: number;
  flags: readonly StoredDocument<Flag>[];
  environments: readonly string[];
  /** Each flag's changes, oldest first (from the change log). */
  history: ReadonlyMap<string, readonly Change[]>;
  sets: readonly CodeReferenceSet[];
  /**
   * Each flag's variations as the event store saw them evaluated or exposed (first and last time); undefined when
   * no event store is wired.
   */
  seen: ReadonlyMap<string, readonly VariationSeen[]> | undefined;
}

/** A stretch of time in which a flag served one variation to everyone. */
interface OneVariationSpan {
  variation: string;
  from: number;
  to: number;
}

/** Computes the debt board: each candidate with its findings, oldest first, and the weekly totals. */
export function debtBoard(inputs: DebtInputs): Omit<DebtBoard, "generatedAt"> {
  const now = inputs.now.getTime();
  const window = inputs.days * DAY_MS;
  const scanned = inputs.sets.length > 0;
  const referenced = new Map<string, LocatedReference[]>();
  for (const reference of locateReferences(inputs.sets)) {
    const list = referenced.get(reference.flag) ?? [];
    list.push(reference);
    referenced.set(reference.flag, list);
  }
  const lastSeen = inputs.seen === undefined ? undefined : lastSeenOf(inputs.seen);
  const firstUpload = Math.min(...inputs.sets.map((set) => Date.parse(set.firstUploadedAt ?? set.uploadedAt)));

  const candidates: DebtCandidate[] = [];
  const spansByFlag = new Map<string, OneVariationSpan[]>();
  // When each reason other than one-variation began to hold, for the weekly totals.
  const qualifiedAt = new Map<string, number>();
  const qualify = (flag: string, at: number) => qualifiedAt.set(flag, Math.min(at, qualifiedAt.get(flag) ?? at));
  for (const doc of inputs.flags) {
    const history = inputs.history.get(doc.key) ?? [];
    const spans = oneVariationSpans(history, inputs.environments, now);
    spansByFlag.set(doc.key, spans);
    const findings: DebtFinding[] = [];
    const current = spans.at(-1);
    if (current !== undefined && current.to === now && now - current.from >= window) {
      findings.push({
        reason: "one-variation",
        since: iso(current.from),
        variation: current.variation,
        detail: `served ${current.variation} to everyone in every environment since ${day(current.from)}`,
      });
    }
    const exposed = exposedFinding(inputs.seen?.get(doc.key), current, now, window);
    if (exposed !== undefined) {
      findings.push(exposed);
      qualify(doc.key, Date.parse(exposed.since) + window);
    }
    const created = Date.parse(doc.createdAt);
    if (lastSeen !== undefined) {
      const seen = lastSeen.get(doc.key);
      const quietSince = seen === undefined ? created : Date.parse(seen);
      if (now - quietSince >= window) {
        findings.push({
          reason: "no-activity",
          since: iso(quietSince),
          detail:
            seen === undefined ? "never evaluated or exposed" : `no evaluation or exposure since ${day(quietSince)}`,
        });
        qualify(doc.key, quietSince + window);
      }
    }
    const references = referenced.get(doc.key) ?? [];
    if (scanned && references.length === 0 && now - created >= window) {
      const since = Math.max(created, firstUpload);
      findings.push({ reason: "orphan", since: iso(since), detail: "defined, but no scanned repository uses it" });
      qualify(doc.key, Math.max(since, created + window));
    }
    if (findings.length > 0) candidates.push(candidateOf(doc, findings, references, history, now));
  }

  const defined = new Set(inputs.flags.map((doc) => doc.key));
  const archived = new Set([...inputs.history.keys()].filter((key) => !defined.has(key)));
  for (const [flag, references] of referenced) {
    if (defined.has(flag)) continue;
    const since = Math.min(...references.map((r) => uploadTime(inputs.sets, r)));
    const detail = archived.has(flag)
      ? "used in code, but the flag is archived"
      : "used in code, but no flag has this key";
    candidates.push({
      flag,
      defined: false,
      owner: null,
      since: iso(since),
      ageDays: Math.floor((now - since) / DAY_MS),
      findings: [{ reason: "dangling", since: iso(since), detail }],
      lastChange: lastChangeOf(inputs.history.get(flag) ?? []),
      references,
      removableLines: removableLines(references, false),
    });
    qualify(flag, since);
  }

  candidates.sort((a, b) => Date.parse(a.since) - Date.parse(b.since) || (a.flag < b.flag ? -1 : 1));
  return {
    days: inputs.days,
    activityKnown: inputs.seen !== undefined,
    repositories: inputs.sets.map(({ repository, branch, commit, uploadedAt }) => ({
      repository,
      branch,
      commit,
      uploadedAt,
    })),
    candidates,
    weekly: weeklyTotals(now, window, spansByFlag, qualifiedAt),
  };
}

/**
 * The stretches in which a flag served one variation to everyone, from its change log: each change's `after` is
 * the flag as written; an archive ends the flag's life.
 */
export function oneVariationSpans(
  history: readonly Change[],
  environments: readonly string[],
  now: number,
): OneVariationSpan[] {
  const spans: OneVariationSpan[] = [];
  let open: OneVariationSpan | undefined;
  for (const change of history) {
    const at = Date.parse(change.at);
    const archived = change.action.endsWith(".archive");
    const body = change.after as Flag | null | undefined;
    const variation =
      archived || body === null || body === undefined ? undefined : servedToEveryone(body, environments);
    if (open !== undefined && open.variation === variation) continue;
    if (open !== undefined) {
      open.to = at;
      spans.push(open);
      open = undefined;
    }
    if (variation !== undefined) open = { variation, from: at, to: now };
  }
  if (open !== undefined) spans.push(open);
  return spans;
}

/**
 * The traffic's evidence: no variation but one evaluated or exposed for N days, while that one was still seen
 * within them (a flag nobody evaluates is `no-activity` instead). Left out when the change log already shows the
 * same stretch, so one fact is not listed twice.
 */
function exposedFinding(
  seen: readonly VariationSeen[] | undefined,
  fromRules: OneVariationSpan | undefined,
  now: number,
  window: number,
): DebtFinding | undefined {
  const stretch = seen === undefined ? undefined : exposedStretch(seen);
  if (stretch === undefined || now - stretch.since < window || now - stretch.last >= window) return undefined;
  if (fromRules?.to === now && fromRules.variation === stretch.variation && fromRules.from <= stretch.since) {
    return undefined;
  }
  return {
    reason: "one-variation-exposed",
    since: iso(stretch.since),
    variation: stretch.variation,
    detail: `no variation but ${stretch.variation} evaluated or exposed since ${day(stretch.since)} (the event store)`,
  };
}

function candidateOf(
  doc: StoredDocument<Flag>,
  findings: DebtFinding[],
  references: LocatedReference[],
  history: readonly Change[],
  now: number,
): DebtCandidate {
  const since = Math.min(...findings.map((f) => Date.parse(f.since)));
  const kept =
    findings.find((f) => f.reason === "one-variation")?.variation ??
    findings.find((f) => f.reason === "one-variation-exposed")?.variation ??
    doc.body.defaultVariation;
  const value = resolveVariations(doc.body).find((v) => v.key === kept)?.value;
  return {
    flag: doc.key,
    defined: true,
    owner: doc.body.owner ?? null,
    since: iso(since),
    ageDays: Math.floor((now - since) / DAY_MS),
    findings,
    lastChange: lastChangeOf(history),
    references,
    removableLines: removableLines(references, Boolean(value)),
  };
}

/** The lines of the dead branches at the call sites, plus one line per constant or enum member holding the key. */
function removableLines(references: readonly LocatedReference[], keptOn: boolean): number {
  let lines = 0;
  for (const reference of references) {
    if (reference.kind === "constant" || reference.kind === "enum") lines += 1;
    else if (reference.deadLines !== undefined) lines += keptOn ? reference.deadLines.on : reference.deadLines.off;
  }
  return lines;
}

function lastChangeOf(history: readonly Change[]): DebtCandidate["lastChange"] {
  const last = history.at(-1);
  return last === undefined ? null : { at: last.at, actor: last.actor, action: last.action };
}

/** When the reference's flag was first seen in the reference's branch (the upload time for older uploads). */
function uploadTime(sets: readonly CodeReferenceSet[], reference: LocatedReference): number {
  const set = sets.find((s) => s.repository === reference.repository && s.branch === reference.branch);
  if (set === undefined) return Number.POSITIVE_INFINITY;
  return Date.parse(set.firstSeen?.[reference.flag] ?? set.uploadedAt);
}

/**
 * Candidates at the end of each of the last 12 weeks. The one-variation reason is replayed from each flag's
 * history (so debt paid off since still shows in its week); the other reasons count from when they began to hold.
 */
function weeklyTotals(
  now: number,
  window: number,
  spansByFlag: ReadonlyMap<string, readonly OneVariationSpan[]>,
  qualifiedAt: ReadonlyMap<string, number>,
): DebtBoard["weekly"] {
  const weekly: DebtBoard["weekly"] = [];
  for (let week = WEEKS_SHOWN - 1; week >= 0; week--) {
    const end = now - week * 7 * DAY_MS;
    const counted = new Set<string>();
    for (const [flag, spans] of spansByFlag) {
      if (spans.some((span) => span.from + window <= end && end <= span.to)) counted.add(flag);
    }
    for (const [flag, at] of qualifiedAt) if (at <= end) counted.add(flag);
    weekly.push({ weekEnding: iso(end), total: counted.size });
  }
  return weekly;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function day(ms: number): string {
  return iso(ms).slice(0, 10);
}
