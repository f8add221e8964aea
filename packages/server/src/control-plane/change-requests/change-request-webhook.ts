import { randomUUID } from "node:crypto";
import type { ChangeRequest, ChangeRequestDelivery } from "@switchboard/core";
import type { Clock } from "../../kernel/index.js";
import { signStandardWebhook } from "../monitors/index.js";

/** A step of a change request that people are told about. */
export type ChangeRequestEvent = "proposed" | "approved" | "rejected" | "cancelled" | "applied" | "failed";

/** Tells people about change requests; never throws into the write that caused it. */
export interface ChangeRequestNotifier {
  notify(event: ChangeRequestEvent, request: ChangeRequest): void;
  /** Resolves when every delivery started so far has ended (delivered, refused or out of attempts). */
  idle(): Promise<void>;
}

/** Where the webhook goes, and the `whsec_` secret it is signed with (unsigned without one). */
export interface ChangeRequestWebhookConfig {
  url: string;
  secret: string | null;
}

/** How a message is retried: after a 5xx answer, a network error or a timeout; never after a 4xx. */
export interface WebhookRetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the first retry, doubled per retry up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

/** Five attempts over about 15 s: long enough for a receiver's restart, short enough to stay in memory. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  timeoutMs: 5_000,
};

/** Keeps each delivery's state where the change request's readers find it. */
export interface DeliveryRecorder {
  record(requestId: string, delivery: ChangeRequestDelivery): Promise<void>;
}

/** What the webhook is built with besides its address. */
export interface ChangeRequestWebhookOptions {
  recorder?: DeliveryRecorder;
  retry?: Partial<WebhookRetryPolicy>;
  onError?: (error: unknown) => void;
  fetchFn?: typeof fetch;
}

/**
 * Posts each step as a Standard Webhooks message (`webhook-id`, `webhook-timestamp`, `webhook-signature` over
 * `{type: "change-request.<step>", timestamp, data: request}`), the same signing as monitors' webhook channels.
 * A 5xx answer, a network error or a timeout is retried with doubling delays; a 4xx is not (the receiver refused
 * the message, and sending it again would not change its mind). Every attempt carries the same `webhook-id`, so a
 * receiver that saw an attempt whose answer was lost drops the repeat. Each delivery's state is recorded.
 */
export function changeRequestWebhook(
  config: ChangeRequestWebhookConfig,
  clock: Clock,
  options: ChangeRequestWebhookOptions = {},
): ChangeRequestNotifier {
  const policy = { ...DEFAULT_WEBHOOK_RETRY, ...options.retry };
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.emitWarning(`change request webhook failed: ${error instanceof Error ? error.message : String(error)}`));
  const running = new Set<Promise<void>>();
  const deliver = async (event: ChangeRequestEvent, request: ChangeRequest): Promise<void> => {
    const id = `msg_${randomUUID()}`;
    const payload = JSON.stringify({
      type: `change-request.${event}`,
      timestamp: clock.now().toISOString(),
      data: request,
    });
    for (let attempt = 1; ; attempt++) {
      const outcome = await attemptOnce(config, clock, id, payload, policy.timeoutMs, options.fetchFn ?? fetch);
      const retry = outcome.retryable && attempt < policy.maxAttempts;
      const status = outcome.ok ? "delivered" : retry ? "pending" : "failed";
      await options.recorder
        ?.record(request.id, {
          event,
          id,
          status,
          attempts: attempt,
          lastStatus: outcome.status,
          lastError: outcome.error,
          updatedAt: clock.now().toISOString(),
        })
        .catch(onError);
      if (outcome.ok) return;
      if (!retry) {
        onError(new Error(`change request webhook ${id} (${event} ${request.id}) gave up: ${outcome.error}`));
        return;
      }
      const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    }
  };
  return {
    notify(event, request) {
      const delivery = deliver(event, request).catch(onError);
      running.add(delivery);
      void delivery.finally(() => running.delete(delivery));
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

interface Outcome {
  ok: boolean;
  retryable: boolean;
  status: number | null;
  error: string | null;
}

/** One POST; the timestamp (and so the signature) is fresh per attempt, the id stays. */
async function attemptOnce(
  config: ChangeRequestWebhookConfig,
  clock: Clock,
  id: string,
  body: string,
  timeoutMs: number,
  fetchFn: typeof fetch,
): Promise<Outcome> {
  const timestamp = Math.floor(clock.now().getTime() / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
  };
  if (config.secret !== null) headers["webhook-signature"] = signStandardWebhook(config.secret, id, timestamp, body);
  try {
    const response = await fetchFn(config.url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { ok: true, retryable: false, status: response.status, error: null };
    const error = `answered ${response.status}`;
    return { ok: false, retryable: response.status >= 500, status: response.status, error };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, retryable: true, status: null, error: message };
  }
}
