import type { RoutingTable } from "./routing-table.js";

const HOP = 1;
const COOKIE = 2;
const HOST = 3;
const FORWARDED_FOR = 4;
const FORWARDED_PROTO = 5;
const FORWARDED_HOST = 6;
const CONTENT_LENGTH = 7;
const TRANSFER_ENCODING = 8;
const CONNECTION = 9;
const UPGRADE = 10;

/** Slots of the request headers every routing table captures or drops; see `FIRST_DYNAMIC_SLOT`. */
export const FIXED_HEADER_SLOTS: ReadonlyMap<string, number> = new Map([
  ["keep-alive", HOP],
  ["proxy-connection", HOP],
  ["proxy-authorization", HOP],
  ["te", HOP],
  ["trailer", HOP],
  // Node answers `Expect: 100-continue` itself; the backend gets the body without waiting.
  ["expect", HOP],
  ["cookie", COOKIE],
  ["host", HOST],
  ["x-forwarded-for", FORWARDED_FOR],
  ["x-forwarded-proto", FORWARDED_PROTO],
  ["x-forwarded-host", FORWARDED_HOST],
  ["content-length", CONTENT_LENGTH],
  ["transfer-encoding", TRANSFER_ENCODING],
  ["connection", CONNECTION],
  ["upgrade", UPGRADE],
]);

/**
 * What one scan of a request's raw headers found. One instance is reused for every request: the scan and the
 * routing decision that reads it run synchronously, so nothing else can touch it in between.
 */
export class RequestScan {
  /** Header values by slot (fixed and routing-specific), reset per request. */
  values: (string | undefined)[] = [];
  hasBody = false;
  /** Headers to send to the backend: `[name, value, name, value, …]`. */
  forward: string[] = [];
}

/**
 * Scans raw request headers once: captures the values routing needs, drops hop-by-hop headers and appends
 * `X-Forwarded-For/Proto/Host`. With `keepUpgrade` the `Connection` and `Upgrade` headers pass (WebSocket).
 */
export function scanRequestHeaders(
  raw: readonly string[],
  table: RoutingTable,
  scan: RequestScan,
  clientIp: string,
  proto: string,
  keepUpgrade: boolean,
): RequestScan {
  const values = scan.values;
  const slotCount = table.slotCount;
  if (values.length < slotCount) values.length = slotCount;
  values.fill(undefined, 0, slotCount);
  const forward: string[] = [];
  let hasBody = false;
  const rawSlots = table.rawHeaderSlots;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const value = raw[i + 1] ?? "";
    // Clients send the same few spellings of each name: remember them instead of lower-casing every header.
    let slot = rawSlots.get(name);
    if (slot === undefined) slot = learnSlot(table, name);
    if (slot === 0) {
      forward.push(name, value);
      continue;
    }
    // Repeated headers keep their first value for routing; cookies are joined as browsers send them.
    const previous = values[slot];
    values[slot] = previous === undefined ? value : slot === COOKIE ? `${previous}; ${value}` : previous;
    if (slot === HOP || slot === FORWARDED_FOR || slot === FORWARDED_PROTO || slot === FORWARDED_HOST) continue;
    if (slot === TRANSFER_ENCODING) {
      hasBody = true;
      continue;
    }
    if (slot === CONNECTION || slot === UPGRADE) {
      if (keepUpgrade) forward.push(name, value);
      continue;
    }
    if (slot === CONTENT_LENGTH && value !== "0") hasBody = true;
    forward.push(name, value);
  }
  const priorFor = values[FORWARDED_FOR];
  forward.push("x-forwarded-for", priorFor === undefined ? clientIp : `${priorFor}, ${clientIp}`);
  forward.push("x-forwarded-proto", values[FORWARDED_PROTO] ?? proto);
  const host = values[FORWARDED_HOST] ?? values[HOST];
  if (host !== undefined) forward.push("x-forwarded-host", host);
  const connection = values[CONNECTION];
  scan.forward = connection === undefined ? forward : dropConnectionTokens(forward, connection);
  scan.hasBody = hasBody;
  return scan;
}

const MAX_LEARNED_SPELLINGS = 1_024;

function learnSlot(table: RoutingTable, name: string): number {
  const slot = table.headerSlots.get(name.toLowerCase()) ?? 0;
  if (table.rawHeaderSlots.size < MAX_LEARNED_SPELLINGS) table.rawHeaderSlots.set(name, slot);
  return slot;
}

/** The request's cookie header, if any, after a scan. */
export function cookieHeaderOf(scan: RequestScan): string | undefined {
  return scan.values[COOKIE];
}

/** The value of one cookie in a `Cookie` header, without allocating for the other cookies. */
export function readCookie(header: string, name: string): string | undefined {
  let from = 0;
  while (from < header.length) {
    while (header.charCodeAt(from) === 32) from++;
    const end = header.indexOf(";", from);
    const stop = end === -1 ? header.length : end;
    if (header.startsWith(name, from) && header.charCodeAt(from + name.length) === 61) {
      return header.slice(from + name.length + 1, stop).trim();
    }
    from = stop + 1;
  }
  return undefined;
}

const STANDARD_CONNECTION_TOKENS = new Set(["keep-alive", "close", "upgrade"]);

/** Headers named in `Connection` are hop-by-hop too (RFC 9110 §7.6.1); rare, so this path may allocate. */
function dropConnectionTokens(forward: string[], connection: string): string[] {
  const named = connection
    .split(",")
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== "" && !STANDARD_CONNECTION_TOKENS.has(token));
  if (named.length === 0) return forward;
  const kept: string[] = [];
  for (let i = 0; i < forward.length; i += 2) {
    const name = forward[i] ?? "";
    if (!named.includes(name.toLowerCase())) kept.push(name, forward[i + 1] ?? "");
  }
  return kept;
}

// Hop-by-hop response header names by length, so most names are kept after one array read.
const RESPONSE_HOP_BY_HOP: readonly (readonly string[])[] = (() => {
  const byLength: string[][] = [];
  for (const name of [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
  ]) {
    const sameLength = byLength[name.length] ?? [];
    sameLength.push(name);
    byLength[name.length] = sameLength;
  }
  return byLength;
})();

/** Whether a raw header name is hop-by-hop, compared on its bytes (ASCII case-insensitive) without decoding it. */
function isHopByHop(name: Buffer): boolean {
  const candidates = RESPONSE_HOP_BY_HOP[name.length];
  if (candidates === undefined) return false;
  for (const candidate of candidates) {
    let i = 0;
    while (i < name.length && ((name[i] ?? 0) | 0x20) === candidate.charCodeAt(i)) i++;
    if (i === name.length) return true;
  }
  return false;
}

/** A backend's raw response headers as a flat string list for `writeHead`, without hop-by-hop headers. */
export function responseHeaders(raw: readonly Buffer[], setCookie: string | null): string[] {
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as Buffer;
    if (isHopByHop(name)) continue;
    headers.push(name.toString("latin1"), (raw[i + 1] as Buffer).toString("latin1"));
  }
  if (setCookie !== null) headers.push("set-cookie", setCookie);
  return headers;
}
