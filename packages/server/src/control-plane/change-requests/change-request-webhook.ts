import { randomUUID } from "node:crypto";
import type { ChangeRequest } from "@switchboard/core";
import type { Clock } from "../../kernel/index.js";
import { signStandardWebhook } from "../monitors/index.js";

/** A step of a change request that people are told about. */
export type ChangeRequestEvent = "proposed" | "approved" | "rejected" | "cancelled" | "applied" | "failed";

/** Tells people about change requests; never throws into the write that caused it. */
export interface ChangeRequestNotifier {
  notify(event: ChangeRequestEvent, request: ChangeRequest): void;
}

/** Where the webhook goes, and the `whsec_` secret it is signed with (unsigned without one). */
export interface ChangeRequestWebhookConfig {
  url: string;
  secret: string | null;
}

/**
 * Posts each step as a Standard Webhooks message (`webhook-id`, `webhook-timestamp`, `webhook-signature` over
 * `{type: "change-request.<step>", timestamp, data: request}`), the same signing as monitors' webhook channels.
 * Best effort: one attempt with a timeout, a failure reported to `onError`; the audit log stays the record.
 */
export function changeRequestWebhook(
  config: ChangeRequestWebhookConfig,
  clock: Clock,
  onError: (error: unknown) => void = (error) =>
    process.emitWarning(`change request webhook failed: ${error instanceof Error ? error.message : String(error)}`),
  fetchFn: typeof fetch = fetch,
): ChangeRequestNotifier {
  return {
    notify(event, request) {
      const now = clock.now();
      const id = `msg_${randomUUID()}`;
      const timestamp = Math.floor(now.getTime() / 1000);
      const body = JSON.stringify({ type: `change-request.${event}`, timestamp: now.toISOString(), data: request });
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
      };
      if (config.secret !== null)
        headers["webhook-signature"] = signStandardWebhook(config.secret, id, timestamp, body);
      fetchFn(config.url, { method: "POST", headers, body, signal: AbortSignal.timeout(5_000) })
        .then((response) => {
          if (!response.ok) onError(new Error(`change request webhook answered ${response.status}`));
        })
        .catch(onError);
    },
  };
}
