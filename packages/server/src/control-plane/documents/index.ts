// Documents: what several features share: named versioned documents and the response shapes of document routes.
export * from "./named-document-service.js";
export * from "./response-schemas.js";
