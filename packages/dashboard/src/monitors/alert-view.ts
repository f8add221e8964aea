import type { Alert } from "@switchboard/core";

/** Open until the metric stays inside its band long enough; then resolved. */
export function alertStatus(alert: Alert): "open" | "resolved" {
  return alert.resolvedAt === null ? "open" : "resolved";
}

/** Newest onset first (the API's order, kept when lists are merged). */
export function newestFirst(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => Date.parse(b.onsetAt) - Date.parse(a.onsetAt));
}

/** The alerts whose named cause is the flag `flagKey`. */
export function alertsForFlag(alerts: readonly Alert[], flagKey: string): Alert[] {
  return newestFirst(alerts.filter((a) => a.cause?.kind === "flag" && a.cause.subject === flagKey));
}

/** A piece of an alert's sentence: plain words, or a name the server quoted in backticks (a flag, a variation). */
export interface SentencePart {
  text: string;
  code: boolean;
}

/**
 * The sentence split at its backticks, so names read as code instead of showing the quotes: the server writes one
 * sentence for every channel (Slack renders the backticks itself, the page must do it).
 * @example sentenceParts("since 11:30, right as `new-checkout` was switched on") // 3 parts, the middle one code
 */
export function sentenceParts(sentence: string): SentencePart[] {
  const pieces = sentence.split("`");
  // An odd number of backticks leaves the last one unmatched: keep it as text rather than guess.
  if (pieces.length % 2 === 0) return [{ text: sentence, code: false }];
  return pieces.map((text, index) => ({ text, code: index % 2 === 1 })).filter((part) => part.text !== "");
}

/** The button that undoes a monitor's action: its label and the API path (under `/api/v1`) it posts to. */
export interface UndoCall {
  label: string;
  title: string;
  path: string;
}

const API_PREFIX = "/api/v1";

/** How a person undoes what the monitor did on its own, or null when it did nothing that can be undone. */
export function undoCall(alert: Alert): UndoCall | null {
  const action = alert.action;
  if (action === null || action.outcome !== "done" || action.undo === null) return null;
  if (!action.undo.path.startsWith(`${API_PREFIX}/`)) return null;
  const subject = alert.cause?.subject ?? "the cause";
  const path = action.undo.path.slice(API_PREFIX.length);
  return action.kind === "kill"
    ? { label: `Undo: enable ${subject} again`, title: `Enable ${subject} in ${alert.environment} again?`, path }
    : {
        label: `Undo: restore ${subject}'s routing`,
        title: `Restore ${subject}'s routing from before the monitor pressed back?`,
        path,
      };
}

/** What the monitor did on its own, in words, and the one call that undoes it (null when nothing to undo). */
export function actionSummary(alert: Alert): { text: string; undo: string | null } {
  const action = alert.action;
  if (action === null || action.kind === "none") return { text: "notified only (no automatic action)", undo: null };
  const undo = action.undo === null ? null : `${action.undo.method} ${action.undo.path}`;
  if (action.outcome === "skipped") return { text: `${action.kind} skipped: ${action.detail}`, undo: null };
  if (action.outcome === "failed") return { text: `${action.kind} failed: ${action.detail}`, undo: null };
  const subject = alert.cause?.subject ?? "the cause";
  const verb = action.kind === "kill" ? "killed" : "pressed back on";
  return { text: `${verb} ${subject} in ${alert.environment} as monitor:${alert.monitor}`, undo };
}

/** Minutes between onset and detection: how long the change ran before it was noticed. */
export function detectionDelayMinutes(alert: Alert): number {
  return Math.max(0, Math.round((Date.parse(alert.detectedAt) - Date.parse(alert.onsetAt)) / 60_000));
}
