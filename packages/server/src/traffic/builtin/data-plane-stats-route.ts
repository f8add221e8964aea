import { Type } from "@sinclair/typebox";
import type { PoolStatus } from "@switchboard/proxy";
import { type RouteSpec, route } from "../../kernel/index.js";
import { loadService } from "../service/service-documents.js";
import type { TrafficService } from "../service/traffic-service.js";
import type { ReportedStats } from "./reported-stats.js";

const Figure = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

const PoolFiguresSchema = Type.Object(
  {
    pool: Type.String({ minLength: 1, maxLength: 64 }),
    healthy: Type.Union([Type.Boolean(), Type.Null()]),
    backends: Type.Array(
      Type.Object(
        {
          address: Type.String({ minLength: 1, maxLength: 300 }),
          state: Type.Union(["up", "down", "drain", "maint", "unknown"].map((s) => Type.Literal(s))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1_000 },
    ),
    requestRate: Figure,
    requestsTotal: Figure,
    errorsTotal: Figure,
    errorRate: Figure,
    latencyMs: Figure,
  },
  { additionalProperties: false },
);

/** The body of `POST …/data-plane/stats`: one proxy's figures per pool. */
const DataPlaneStatsSchema = Type.Object(
  {
    reporter: Type.String({ minLength: 1, maxLength: 200, description: "names the proxy process, e.g. host:pid" }),
    pools: Type.Array(PoolFiguresSchema, { maxItems: 100 }),
  },
  { additionalProperties: false },
);

/**
 * `POST /traffic/services/:environment/:service/data-plane/stats`: a remote built-in proxy's figures per pool, so
 * `status` and the ramp guard see live request and error rates of services whose data plane is `builtin`.
 */
export function dataPlaneStatsRoute(traffic: TrafficService, reports: ReportedStats): RouteSpec {
  return route({
    method: "POST",
    url: "/traffic/services/:environment/:service/data-plane/stats",
    role: "editor",
    tag: "traffic",
    summary: "A built-in proxy reports its figures per pool (read by status and the ramp guard)",
    body: DataPlaneStatsSchema,
    response: { status: 204, description: "Taken." },
    handler: async ({ params, body }) => {
      const ref = { environment: params["environment"] ?? "", name: params["service"] ?? "" };
      await loadService(traffic.deps.store, ref);
      reports.report(ref, body.reporter, body.pools as PoolStatus[]);
      return { status: 204, body: undefined };
    },
  });
}
