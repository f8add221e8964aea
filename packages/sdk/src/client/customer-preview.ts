import { previewTokensOf } from "./preview-overrides.js";

/** Why the server refused a customer preview token (`reason` of its 403), or `unreachable` when it did not answer. */
export type CustomerPreviewRefusal =
  | "malformed"
  | "bad-signature"
  | "expired"
  | "revoked"
  | "wrong-environment"
  | "unknown"
  | "unreachable";

/** The server's verdict on one customer preview token. */
export type CustomerPreviewCheck =
  | { valid: true; overrides: Record<string, string>; expiresAt: string }
  | { valid: false; reason: CustomerPreviewRefusal };

/** Where the resolver asks, and how long it trusts an answer. */
export interface PreviewResolverOptions {
  /** The Switchboard server, e.g. `http://localhost:4242`. */
  url: string;
  /** A server or client SDK key: tokens are honoured only in its environment. */
  sdkKey: string;
  /**
   * How long a verdict is reused before the server is asked again, and so the longest a revoked token keeps
   * working; default 10 s. A verdict never outlives the token's expiry.
   */
  cacheMs?: number;
  fetch?: typeof fetch;
  /** The clock, for tests. */
  now?: () => number;
}

/** Resolves customer preview tokens (`sbc.…`, minted from the customer lookup) to the overrides they grant. */
export interface PreviewResolver {
  /** The server's verdict on one token; never throws (`unreachable` when the server did not answer). */
  check(token: string): Promise<CustomerPreviewCheck>;
  /** The overrides granted by the valid ones among `tokens` (later tokens win); never throws. */
  overrides(tokens: readonly string[]): Promise<Record<string, string>>;
  /** The same for the customer preview tokens of a request: `?sb_preview=` parameters and the `sb_preview` cookie. */
  fromRequest(url: string | URL | undefined, cookieHeader: string | undefined): Promise<Record<string, string>>;
}

const PREFIX = "sbc.";
const MAX_TOKENS = 8;
const MAX_CACHED = 1_000;

/**
 * A resolver of customer preview tokens. Each token is checked by the server (`GET /api/v1/sdk/preview`), which
 * re-verifies its signature, expiry, environment and the revocation list every time it is asked; verdicts are reused
 * for `cacheMs`, so a revocation reaches every SDK within that time. A token the server did not confirm grants
 * nothing: an unreachable server means no preview, never a wrong one for anybody else.
 * @example const previews = createPreviewResolver({ url, sdkKey });
 * flags.withOverrides(await previews.fromRequest(req.url, req.headers.cookie)).isOn("new-checkout", ctx)
 */
export function createPreviewResolver(options: PreviewResolverOptions): PreviewResolver {
  const cacheMs = options.cacheMs ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { check: CustomerPreviewCheck; until: number }>();
  const endpoint = `${options.url.replace(/\/+$/, "")}/api/v1/sdk/preview?token=`;

  const ask = async (token: string): Promise<CustomerPreviewCheck> => {
    try {
      const doFetch = options.fetch ?? fetch;
      const response = await doFetch(`${endpoint}${encodeURIComponent(token)}`, {
        headers: { authorization: `Bearer ${options.sdkKey}`, accept: "application/json" },
      });
      const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (
        response.ok &&
        body !== undefined &&
        isOverrides(body["overrides"]) &&
        typeof body["expiresAt"] === "string"
      ) {
        return { valid: true, overrides: body["overrides"], expiresAt: body["expiresAt"] };
      }
      const reason = (body?.["error"] as { reason?: unknown } | undefined)?.reason;
      return { valid: false, reason: isRefusal(reason) ? reason : "malformed" };
    } catch {
      return { valid: false, reason: "unreachable" };
    }
  };

  const check = async (token: string): Promise<CustomerPreviewCheck> => {
    if (typeof token !== "string" || !token.startsWith(PREFIX)) return { valid: false, reason: "malformed" };
    const at = now();
    const hit = cache.get(token);
    if (hit !== undefined && hit.until > at) return hit.check;
    const verdict = await ask(token);
    if (verdict.valid || verdict.reason !== "unreachable") {
      const expires = verdict.valid ? Date.parse(verdict.expiresAt) : Number.POSITIVE_INFINITY;
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(token, { check: verdict, until: Math.min(at + cacheMs, expires) });
    }
    return verdict;
  };

  const overrides = async (tokens: readonly string[]): Promise<Record<string, string>> => {
    const granted: Record<string, string> = {};
    const mine = tokens.filter((token) => typeof token === "string" && token.startsWith(PREFIX)).slice(-MAX_TOKENS);
    for (const verdict of await Promise.all(mine.map(check))) {
      if (verdict.valid) Object.assign(granted, verdict.overrides);
    }
    return granted;
  };

  return {
    check,
    overrides,
    fromRequest: (url, cookieHeader) => overrides(previewTokensOf(url, cookieHeader)),
  };
}

function isOverrides(value: unknown): value is Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.values(value).every((variation) => typeof variation === "string");
}

const REFUSALS: ReadonlySet<string> = new Set([
  "malformed",
  "bad-signature",
  "expired",
  "revoked",
  "wrong-environment",
  "unknown",
]);

function isRefusal(value: unknown): value is CustomerPreviewRefusal {
  return typeof value === "string" && REFUSALS.has(value);
}
