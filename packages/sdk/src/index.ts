export type * from "./client/client-types.js";
