// The control plane: one folder per feature (routes, service and face side by side), composed by createServices.
export type { ReasonPolicy, WriteContext } from "../kernel/index.js";
export * from "./activations/index.js";
export * from "./changes/index.js";
export * from "./control-routes.js";
export * from "./create-services.js";
export * from "./document-kinds.js";
export * from "./environments/index.js";
export * from "./experiments/index.js";
export * from "./flags/index.js";
export * from "./me/index.js";
export * from "./metrics/index.js";
export * from "./monitors/index.js";
export * from "./releases/index.js";
export * from "./results/index.js";
export * from "./schedules/index.js";
export * from "./segments/index.js";
export * from "./service-deps.js";
export * from "./tokens/index.js";
