import type { Pool, RoutingState } from "@switchboard/proxy";
import { bucketRanges } from "@switchboard/proxy";

const enc = encodeURIComponent;

/**
 * A routing state as one map value that the routing action reads per request, so one `set map` changes pool,
 * split, stickiness and overrides together (atomically). Fields, `|`-separated (`;` ends a Runtime API command), parts percent-encoded:
 * `r=` bucket range ends per pool (`a:9000,b:10000`), `s=` sticky source and name (`h:x-user` or `c:uid`),
 * `o=` overrides (`header:value:pool`, `,`-separated).
 * @example encodeRouting(state, pools) // "r=a:9000,b:10000|s=h:x-user|o="
 */
export function encodeRouting(routing: RoutingState, pools: readonly Pick<Pool, "name">[]): string {
  const ranges = bucketRanges(routing.target, pools)
    .map((r) => `${enc(r.pool)}:${r.to}`)
    .join(",");
  const sticky =
    routing.sticky === null ? "" : `${routing.sticky.source === "cookie" ? "c" : "h"}:${enc(routing.sticky.name)}`;
  const overrides = routing.overrides.map((o) => `${enc(o.header.toLowerCase())}:${enc(o.value)}:${enc(o.pool)}`);
  return `r=${ranges}|s=${sticky}|o=${overrides.join(",")}`;
}
