import { createHash } from "node:crypto";
import type { Alert, AlertDelivery, MonitorChannel } from "@switchboard/core";
import type { MonitorStore } from "../../store/index.js";
import {
  type AlertLinks,
  channelRequest,
  type EmailMessage,
  emailMessage,
  type HttpChannel,
} from "./channel-messages.js";
import { signStandardWebhook } from "./standard-webhook.js";

/** How deliveries are retried. */
export interface DeliveryPolicy {
  /** Attempts before giving up (default 8: about 10 minutes of backoff at the defaults). */
  maxAttempts: number;
  /** First retry delay; doubled per attempt, capped, with ±25% jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 60 * 60_000,
  timeoutMs: 15_000,
};

type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: "manual" },
) => Promise<{ status: number }>;

export interface DelivererDeps {
  store: Pick<MonitorStore, "appendDelivery" | "listDeliveries">;
  clock: { now(): Date };
  policy?: Partial<DeliveryPolicy>;
  /** Outbound HTTP (the global fetch by default; tests may count calls). */
  fetch?: Fetch;
  /** Sends an e-mail (SMTP, see `createSmtpMailer`); without one, e-mail channels give up with a message saying so. */
  mail?: Mailer;
}

/** Sends one e-mail; rejects with an error whose `responseCode` is the SMTP reply code when the server refused. */
export type Mailer = (message: EmailMessage) => Promise<void>;

/**
 * The delay before attempt `n + 1` after `n` failed ones: exponential with jitter. The jitter is derived from the
 * delivery's identity, so every server computes the same due time from the same delivery log.
 */
export function retryDelayMs(policy: DeliveryPolicy, attempts: number, identity: string): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jitter =
    (createHash("sha256").update(`${identity}/${attempts}`).digest().readUInt16BE(0) / 65_535) * 0.5 - 0.25;
  return Math.round(raw * (1 + jitter));
}

/** 2xx delivered; 410 (gone), and 4xx other than 408/429 can never succeed: give up; the rest are retried. */
function outcomeOf(status: number): "delivered" | "failed" | "gave-up" {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 410 || (status >= 400 && status < 500 && status !== 408 && status !== 429)) return "gave-up";
  return "failed";
}

/**
 * Sends every message of the alert that is due: the trigger to each channel, and the resolve once the alert is
 * resolved and the trigger settled. The delivery log in the store is the only memory, so a restarted server or
 * another cluster member carries on where the last attempt left off.
 */
export async function deliverDue(
  deps: DelivererDeps,
  alert: Alert,
  channels: readonly MonitorChannel[],
  links: AlertLinks,
): Promise<AlertDelivery[]> {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
  const send = deps.fetch ?? (fetch as unknown as Fetch);
  const log = await deps.store.listDeliveries(alert.id);
  const made: AlertDelivery[] = [];
  for (const [index, channel] of channels.entries()) {
    const events: ("trigger" | "resolve")[] = alert.resolvedAt === null ? ["trigger"] : ["trigger", "resolve"];
    for (const event of events) {
      const mine = log.filter((d) => d.channel === index && d.event === event);
      if (mine.some((d) => d.outcome !== "failed")) continue;
      if (event === "resolve") {
        const trigger = log.filter((d) => d.channel === index && d.event === "trigger");
        const settled =
          trigger.some((d) => d.outcome !== "failed") ||
          made.some((d) => d.channel === index && d.event === "trigger" && d.outcome !== "failed");
        if (!settled) continue;
      }
      const identity = `${alert.id}.${event}.${index}`;
      const last = mine.at(-1);
      const now = deps.clock.now();
      if (last !== undefined && now.getTime() < Date.parse(last.at) + retryDelayMs(policy, mine.length, identity))
        continue;
      made.push(
        await attempt(deps, send, policy, { alert, channel, index, event, identity, links, attempt: mine.length + 1 }),
      );
    }
  }
  return made;
}

interface Attempt {
  alert: Alert;
  channel: MonitorChannel;
  index: number;
  event: "trigger" | "resolve";
  identity: string;
  links: AlertLinks;
  attempt: number;
}

async function attempt(deps: DelivererDeps, send: Fetch, policy: DeliveryPolicy, a: Attempt): Promise<AlertDelivery> {
  const channel = a.channel;
  if (channel.type === "email") return mailAttempt(deps, policy, a, channel.to);
  return httpAttempt(deps, send, policy, a, channel);
}

async function httpAttempt(
  deps: DelivererDeps,
  send: Fetch,
  policy: DeliveryPolicy,
  a: Attempt,
  channel: HttpChannel,
): Promise<AlertDelivery> {
  const now = deps.clock.now();
  const request = channelRequest(channel, a.alert, a.event, a.links, now.toISOString());
  const headers = { ...request.headers };
  if (channel.type === "webhook") {
    // The id is the receiver's idempotency key: the same for every retry of this message.
    const timestamp = Math.floor(now.getTime() / 1000);
    headers["webhook-id"] = `msg_${a.identity}`;
    headers["webhook-timestamp"] = String(timestamp);
    headers["webhook-signature"] = signStandardWebhook(channel.secret, `msg_${a.identity}`, timestamp, request.body);
  }
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await send(request.url, {
      method: "POST",
      headers,
      body: request.body,
      signal: AbortSignal.timeout(policy.timeoutMs),
      redirect: "manual",
    });
    status = response.status;
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  let outcome = status === null ? "failed" : outcomeOf(status);
  if (outcome === "failed" && a.attempt >= policy.maxAttempts) outcome = "gave-up";
  return deps.store.appendDelivery({
    alertId: a.alert.id,
    channel: a.index,
    channelType: a.channel.type,
    event: a.event,
    attempt: a.attempt,
    at: now.toISOString(),
    outcome,
    httpStatus: status,
    error,
  });
}

/** One e-mail: a refusal with a permanent SMTP code (5xx) is not retried; no mailer configured is said in words. */
async function mailAttempt(
  deps: DelivererDeps,
  policy: DeliveryPolicy,
  a: Attempt,
  to: readonly string[],
): Promise<AlertDelivery> {
  const now = deps.clock.now();
  let outcome: AlertDelivery["outcome"] = "delivered";
  let error: string | null = null;
  if (deps.mail === undefined) {
    outcome = "gave-up";
    error = "No SMTP server is configured: set SWITCHBOARD_SMTP_URL (and SWITCHBOARD_SMTP_FROM) on the server.";
  } else {
    try {
      await deps.mail(emailMessage(a.alert, a.event, to, a.links, a.identity));
    } catch (caught) {
      const code = (caught as { responseCode?: unknown }).responseCode;
      outcome = typeof code === "number" && code >= 500 && code < 600 ? "gave-up" : "failed";
      error = caught instanceof Error ? caught.message : String(caught);
    }
  }
  if (outcome === "failed" && a.attempt >= policy.maxAttempts) outcome = "gave-up";
  return deps.store.appendDelivery({
    alertId: a.alert.id,
    channel: a.index,
    channelType: "email",
    event: a.event,
    attempt: a.attempt,
    at: now.toISOString(),
    outcome,
    httpStatus: null,
    error,
  });
}
