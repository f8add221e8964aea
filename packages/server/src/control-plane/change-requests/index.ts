// Change requests: four-eyes approval of editors' changes to protected environments (the `ChangeGate`).

export * from "./change-request-routes.js";
export * from "./change-request-service.js";
export * from "./change-request-webhook.js";
export * from "./delivery-recorder.js";
