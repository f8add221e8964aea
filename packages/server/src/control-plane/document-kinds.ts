import { DocumentKindRegistry } from "../store/index.js";
import { CHANGE_REQUEST_DELIVERY_KIND, CHANGE_REQUEST_KIND } from "./change-requests/index.js";
import { CODE_REFERENCES_KIND } from "./code-references/index.js";
import { METRIC_KIND } from "./metrics/index.js";
import { MONITOR_KIND } from "./monitors/index.js";
import { SCHEMA_REVIEW_KIND } from "./schema-reviews/index.js";

/** The document kinds of this server: the store's built-ins and the control plane's own (metrics, monitors, code references). */
export function serverDocumentKinds(): DocumentKindRegistry {
  return DocumentKindRegistry.withBuiltIns()
    .register(METRIC_KIND)
    .register(MONITOR_KIND)
    .register(CODE_REFERENCES_KIND)
    .register(SCHEMA_REVIEW_KIND)
    .register(CHANGE_REQUEST_KIND)
    .register(CHANGE_REQUEST_DELIVERY_KIND);
}
