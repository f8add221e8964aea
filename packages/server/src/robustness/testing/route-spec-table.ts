import { queryRoutes } from "@switchboard/events";
import { controlRoutes } from "../../control-plane/control-routes.js";
import { createServices } from "../../control-plane/create-services.js";
import { TEST_CONFIG } from "../../http/testing/create-test-app.js";
import { systemClock } from "../../kernel/clock.js";
import type { RouteSpec } from "../../kernel/route-spec.js";
import type { Role } from "../../store/config-store.js";
import { createTrafficControl } from "../../traffic/create-traffic-control.js";
import { trafficRoutes } from "../../traffic/traffic-routes.js";
import type { RobustApp } from "./create-robust-app.js";

/** Method, OpenAPI path and declared role of one control route. */
export interface DeclaredRoute {
  method: RouteSpec["method"];
  path: string;
  role: Role;
}

/**
 * The control routes with the role each declares, read from the same route specs `compose-features.ts` builds (the
 * route table, traffic control and the query route), so the matrix follows the code rather than a copy of it.
 */
export async function declaredRoutes(robust: RobustApp): Promise<DeclaredRoute[]> {
  const deps = { store: robust.store, clock: systemClock, config: TEST_CONFIG };
  const traffic = createTrafficControl(deps);
  try {
    const specs: RouteSpec[] = [
      ...controlRoutes(createServices(deps)),
      ...trafficRoutes(traffic),
      ...queryRoutes(deps),
    ];
    return specs.map((spec) => ({
      method: spec.method,
      path: `/api/v1${spec.url.replace(/:([A-Za-z]+)/g, "{$1}")}`,
      role: spec.role,
    }));
  } finally {
    traffic.release();
    await traffic.close();
  }
}
