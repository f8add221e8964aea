export type * from "./client/client-types.js";
export { createClient } from "./client/create-client.js";
