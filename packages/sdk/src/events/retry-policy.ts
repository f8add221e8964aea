// The API contract alone: a page that loads the event transport unbundled needs no flag model (nor its schema library).
import { type ErrorDetail, readErrorBody } from "@switchboard/core/api";

/** How a failed delivery attempt is treated. */
export type AttemptOutcome =
  | { kind: "sent" }
  | { kind: "retry"; retryAfterMs?: number; reason: string }
  | { kind: "reject"; status: number; message: string };

/** Backoff settings for retried batches. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

/** Milliseconds a `Retry-After` header asks for (delta seconds or an HTTP date), or undefined when absent/invalid. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const dateMs = Date.parse(header);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** Classifies an HTTP answer: 2xx sent; 408, 429 and 5xx retried; any other status rejected for good. */
export function classifyStatus(status: number, retryAfterMs: number | undefined, message: string): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: "sent" };
  if (status === 408 || status === 429 || status >= 500) {
    return retryAfterMs === undefined
      ? { kind: "retry", reason: `HTTP ${status}` }
      : { kind: "retry", retryAfterMs, reason: `HTTP ${status}` };
  }
  return { kind: "reject", status, message };
}

/**
 * The human part of an error body, kept short: the API's `{"error":{"message","details"}}`, a problem document's
 * `title`/`detail` (a collector in between), or the text itself.
 */
export function problemMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = readErrorBody(parsed);
    if (error !== undefined) return withDetails(error.message, error.details).slice(0, 300);
    if (typeof parsed === "object" && parsed !== null) {
      const problem = parsed as { detail?: unknown; title?: unknown; message?: unknown };
      const text = [problem.title, problem.detail ?? problem.message].filter((part) => typeof part === "string");
      if (text.length > 0) return text.join(": ").slice(0, 300);
    }
  } catch {
    // Not JSON: use the raw text.
  }
  return body.slice(0, 300);
}

function withDetails(message: string, details: readonly ErrorDetail[]): string {
  return details.length === 0 ? message : `${message} (${details.map((d) => `${d.path}: ${d.message}`).join("; ")})`;
}
