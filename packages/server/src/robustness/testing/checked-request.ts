import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { type ConfigSnapshot, configSnapshot, snapshotDifference } from "./config-snapshot.js";
import type { Caller, RobustApp } from "./create-robust-app.js";
import { preview, type RobustnessTally } from "./robustness-tally.js";

/** One request of a suite: who sends it, what, and how to name it in a report. */
export interface CheckedRequest {
  who: Caller;
  options: InjectOptions;
  /** What was malformed, e.g. `description="a\u0000b"`. */
  label: string;
}

// The snapshot after the last refused write, reused as the next one's "before" while the change log has not moved:
// every write made outside `sendChecked` (fixtures) goes through the API and moves it.
const lastSnapshots = new WeakMap<RobustApp, ConfigSnapshot>();

/**
 * Sends a request and checks the invariants of every answer: status < 500, the error shape on 4xx/5xx, and for
 * writes that were refused, a config store exactly as before (no partial write).
 */
export async function sendChecked(
  robust: RobustApp,
  tally: RobustnessTally,
  inputClass: string,
  request: CheckedRequest,
): Promise<LightMyRequestResponse> {
  const write = request.options.method !== "GET" && request.options.method !== "HEAD";
  const before = write ? await snapshotBefore(robust) : undefined;
  const logged = robust.errorLog.length;
  const response = await robust.call(request.who, request.options);
  const cause = robust.errorLog.slice(logged).join(" | ");
  const answer = { statusCode: response.statusCode, body: response.body };
  const description = `${request.options.method} ${preview(String(request.options.url), 120)} ${request.label}`;
  tally.record(inputClass, description, answer, cause);
  lastSnapshots.delete(robust);
  if (before !== undefined && response.statusCode >= 400) {
    const after = await configSnapshot(robust.store);
    const difference = snapshotDifference(before, after);
    if (difference !== "") tally.partialWrite(inputClass, description, answer, `changed: ${difference}`);
    lastSnapshots.set(robust, after);
  }
  return response;
}

async function snapshotBefore(robust: RobustApp): Promise<ConfigSnapshot> {
  const cached = lastSnapshots.get(robust);
  if (cached !== undefined && cached["changeSeq"] === String(await robust.store.latestSeq())) return cached;
  return configSnapshot(robust.store);
}
