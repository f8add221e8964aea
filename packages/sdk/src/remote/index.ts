/**
 * `@switchboard/sdk/remote`: flags evaluated by the server (OFREP) and refreshed live, for pages that must not see
 * rules; a few kilobytes, with the local client's `isOn`/`value` reads.
 */
export { createRemoteClient } from "./remote-client.js";
export type * from "./remote-types.js";
