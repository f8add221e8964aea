import { DocumentKindRegistry } from "../store/index.js";
import { METRIC_KIND } from "./metrics/index.js";
import { MONITOR_KIND } from "./monitors/index.js";

/** The document kinds of this server: the store's built-ins and the control plane's own (metrics, monitors). */
export function serverDocumentKinds(): DocumentKindRegistry {
  return DocumentKindRegistry.withBuiltIns().register(METRIC_KIND).register(MONITOR_KIND);
}
