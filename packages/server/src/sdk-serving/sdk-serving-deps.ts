import type { Authenticator } from "../auth/index.js";
import type { ServerConfig } from "../config/index.js";
import type { CustomerPreviews } from "../control-plane/index.js";
import type { ChangeLog, CommitFeed, DocumentStore } from "../store/index.js";

/** What SDK serving is built from (the app's dependencies satisfy it; the HTTP app sits above, so it is named here). */
export interface SdkServingDeps {
  config: ServerConfig;
  store: DocumentStore & ChangeLog & CommitFeed;
  auth: Authenticator;
  /** Customer previews, for `GET /api/v1/sdk/preview`; the endpoint is absent without them. */
  previews?: Pick<CustomerPreviews, "resolve">;
}
