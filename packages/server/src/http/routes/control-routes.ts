import type { Services } from "../../activation/create-services.js";
import type { RouteSpec } from "../../kernel/route-spec.js";
import { activationRoutes } from "./activation-routes.js";
import { changeRoutes } from "./change-routes.js";
import { environmentRoutes } from "./environment-routes.js";
import { experimentRoutes } from "./experiment-routes.js";
import { flagRoutes } from "./flag-routes.js";
import { meRoutes } from "./me-routes.js";
import { releaseRoutes } from "./release-routes.js";
import { scheduleRoutes } from "./schedule-routes.js";
import { segmentRoutes } from "./segment-routes.js";
import { tokenRoutes } from "./token-routes.js";

/** The route table of the control API (served and documented from the same specs). */
export function controlRoutes(services: Services): RouteSpec[] {
  return [
    ...environmentRoutes(services),
    ...flagRoutes(services),
    ...activationRoutes(services),
    ...scheduleRoutes(services),
    ...segmentRoutes(services),
    ...experimentRoutes(services),
    ...releaseRoutes(services),
    ...changeRoutes(services),
    ...tokenRoutes(services),
    ...meRoutes(),
  ];
}
