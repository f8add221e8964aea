import { type AlertAction, type Flag, type Monitor, NEVER_AUTO_KILL_TAG } from "@switchboard/core";
import type { WriteContext } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";
import type { RankedCandidate } from "./detection.js";

/** What an automatic action can do; the composition root hands these in (the back button lives in traffic). */
export interface ActionPorts {
  store: Pick<DocumentStore, "getDocument">;
  /** The kill switch; answers the audited change's sequence number. */
  kill(flag: string, environment: string, context: WriteContext): Promise<number>;
  /** The traffic back button of a service; answers the change's sequence number. */
  back?(service: string, environment: string, context: WriteContext): Promise<number>;
}

export const DEFAULT_MIN_CONFIDENCE = 0.99;

const none = (detail: string): AlertAction => ({
  kind: "none",
  outcome: "skipped",
  detail,
  changeSeq: null,
  undo: null,
});

/**
 * Carries out the monitor's action policy on the named cause: `kill` switches the flag off in the monitor's
 * environment, `back` presses the traffic back button; each is an audited change by `monitor:<name>` whose reason
 * quotes the alert. A flag tagged `never-auto-kill`, a cause of the wrong kind or weak evidence is left alone and
 * the alert says why.
 */
export async function actOnAlert(
  ports: ActionPorts,
  monitorKey: string,
  monitor: Monitor,
  cause: RankedCandidate | null,
  sentence: string,
): Promise<AlertAction> {
  const policy = monitor.actions?.action ?? "notify";
  if (policy === "notify") return none("The monitor only notifies.");
  if (cause === null) return none(`No candidate cause to ${policy}.`);
  const threshold = monitor.actions?.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (cause.confidence < threshold) {
    return none(`The evidence (${cause.confidence.toFixed(2)}) is below the action threshold ${threshold}.`);
  }
  const environment = monitor.metric.environment;
  const context: WriteContext = {
    actor: `monitor:${monitorKey}`,
    role: "editor",
    reason: `Alert: ${sentence}`.slice(0, 1000),
  };
  try {
    if (policy === "kill") {
      if (cause.kind !== "flag") return none(`The cause is a ${cause.kind}, not a flag: nothing to kill.`);
      const flag = await ports.store.getDocument<Flag>("flag", cause.subject);
      if (flag?.body.tags?.includes(NEVER_AUTO_KILL_TAG) === true) {
        return none(`Flag "${cause.subject}" is tagged ${NEVER_AUTO_KILL_TAG}: not switched off automatically.`);
      }
      const changeSeq = await ports.kill(cause.subject, environment, context);
      const path = `/api/v1/flags/${encodeURIComponent(cause.subject)}/environments/${encodeURIComponent(environment)}/enable`;
      return {
        kind: "kill",
        outcome: "done",
        detail: `Switched "${cause.subject}" off in ${environment}.`,
        changeSeq,
        undo: { method: "POST", path },
      };
    }
    if (cause.kind !== "traffic" || ports.back === undefined) {
      return none(`The cause is a ${cause.kind}, not a traffic switch: no back button to press.`);
    }
    const changeSeq = await ports.back(cause.subject, environment, context);
    const path = `/api/v1/traffic/services/${encodeURIComponent(environment)}/${encodeURIComponent(cause.subject)}/back`;
    return {
      kind: "back",
      outcome: "done",
      detail: `Returned "${cause.subject}" to its previous routing state.`,
      changeSeq,
      undo: { method: "POST", path },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: policy, outcome: "failed", detail: message, changeSeq: null, undo: null };
  }
}
