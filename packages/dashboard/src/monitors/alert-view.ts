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
