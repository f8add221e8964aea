import type { Authenticator } from "../auth/index.js";
import type { ServerConfig } from "../config/index.js";
import type { ChangeLog, CommitFeed, DocumentStore } from "../store/index.js";

/** What SDK serving is built from (the app's dependencies satisfy it; the HTTP app sits above, so it is named here). */
export interface SdkServingDeps {
  config: ServerConfig;
  store: DocumentStore & ChangeLog & CommitFeed;
  auth: Authenticator;
}
