import { type PreviewVerifyOptions, verifyPreviewToken } from "./preview-token.js";

/** The query parameter and cookie that carry preview tokens. */
export const PREVIEW_PARAM = "sb_preview";

/**
 * The overrides (flag key → variation key) granted by the valid preview tokens of a request: any number of
 * `?sb_preview=<token>` parameters and an `sb_preview` cookie holding tokens joined by `~`. Invalid or expired
 * tokens, and tokens bound to another environment than `options.environment`, are ignored; a query token wins over
 * a cookie token for the same flag. Never throws.
 * @example client.withOverrides(await previewOverridesFromRequest(req.url, req.headers.cookie, secret)).isOn("x")
 */
export async function previewOverridesFromRequest(
  url: string | URL | undefined,
  cookieHeader: string | undefined,
  secret: string,
  nowMs = Date.now(),
  options: PreviewVerifyOptions = {},
): Promise<Record<string, string>> {
  const tokens = previewTokensOf(url, cookieHeader).slice(-32);
  const overrides: Record<string, string> = {};
  for (const token of tokens) {
    const check = await verifyPreviewToken(token, secret, nowMs, options);
    if (check.valid) overrides[check.claims.flag] = check.claims.variation;
  }
  return overrides;
}

/** Every preview token of a request, cookie tokens first: `sb_preview` cookie (joined by `~`), then query parameters. */
export function previewTokensOf(url: string | URL | undefined, cookieHeader: string | undefined): string[] {
  return [...cookieTokens(cookieHeader), ...queryTokens(url)];
}

function queryTokens(url: string | URL | undefined): string[] {
  if (url === undefined) return [];
  try {
    return new URL(url, "http://localhost").searchParams.getAll(PREVIEW_PARAM);
  } catch {
    return [];
  }
}

function cookieTokens(header: string | undefined): string[] {
  if (typeof header !== "string") return [];
  for (const pair of header.split(";")) {
    const index = pair.indexOf("=");
    if (index === -1 || pair.slice(0, index).trim() !== PREVIEW_PARAM) continue;
    let value = pair.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value.split("~").filter((token) => token !== "");
  }
  return [];
}
