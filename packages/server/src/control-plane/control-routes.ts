import type { RouteSpec } from "../kernel/index.js";
import { activationRoutes } from "./activations/index.js";
import { changeRequestRoutes } from "./change-requests/index.js";
import { changeRoutes } from "./changes/index.js";
import { codeReferenceRoutes } from "./code-references/index.js";
import type { Services } from "./create-services.js";
import { customerRoutes } from "./customers/index.js";
import { debtRoutes } from "./debt/index.js";
import { environmentRoutes } from "./environments/index.js";
import { experimentRoutes } from "./experiments/index.js";
import { flagSetRoutes } from "./flag-sets/index.js";
import { flagRoutes } from "./flags/index.js";
import { meRoutes } from "./me/index.js";
import { metricRoutes } from "./metrics/index.js";
import { monitorRoutes } from "./monitors/index.js";
import { releaseRoutes } from "./releases/index.js";
import { resultsRoutes } from "./results/index.js";
import { scheduleRoutes } from "./schedules/index.js";
import { schemaReviewRoutes } from "./schema-reviews/index.js";
import { segmentRoutes } from "./segments/index.js";
import { tokenRoutes } from "./tokens/index.js";

/** The route table of the control API (served and documented from the same specs). */
export function controlRoutes(services: Services): RouteSpec[] {
  return [
    ...environmentRoutes(services),
    ...flagRoutes(services),
    ...flagSetRoutes(services),
    ...activationRoutes(services),
    ...scheduleRoutes(services),
    ...segmentRoutes(services),
    ...experimentRoutes(services),
    ...metricRoutes(services),
    ...resultsRoutes(services),
    ...releaseRoutes(services),
    ...changeRoutes(services),
    ...changeRequestRoutes(services),
    ...tokenRoutes(services),
    ...monitorRoutes(services),
    ...codeReferenceRoutes(services),
    ...debtRoutes(services),
    ...customerRoutes(services),
    ...schemaReviewRoutes(services),
    ...meRoutes(),
  ];
}
