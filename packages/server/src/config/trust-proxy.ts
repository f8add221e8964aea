import { isIP } from "node:net";

/** Which proxies may name the client in `X-Forwarded-For`: none, all, the nearest `n` hops, or these addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

/** Parses `SWITCHBOARD_TRUST_PROXY` (`false`, `true`, a hop count, or a comma-separated list of addresses and CIDRs). */
export function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const text = raw?.trim() ?? "";
  if (text === "" || text === "false") return false;
  if (text === "true") return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 100) return hops;
  }
  const entries = text.split(",").map((entry) => entry.trim());
  const invalid = entries.filter((entry) => !isAddressOrCidr(entry));
  if (invalid.length === 0) return entries;
  problems.push(
    `SWITCHBOARD_TRUST_PROXY must be false, true, a hop count from 1 to 100, or a comma-separated list of addresses and CIDRs (got "${text}")`,
  );
  return false;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The same setting in the shape Fastify's types take (a hop count becomes the function Fastify would build). */
export function toFastifyTrustProxy(
  trustProxy: TrustProxy | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== "number") return trustProxy ?? false;
  return (_address, hop) => hop < trustProxy;
}
