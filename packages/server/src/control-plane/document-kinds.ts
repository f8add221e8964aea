import { DocumentKindRegistry } from "../store/index.js";
import { METRIC_KIND } from "./metrics/index.js";

/** The document kinds of this server: the store's built-ins and the control plane's own (metrics). */
export function serverDocumentKinds(): DocumentKindRegistry {
  return DocumentKindRegistry.withBuiltIns().register(METRIC_KIND);
}
