// Documents: named versioned documents (segments, experiments) checked against the whole flag set.
export * from "./named-document-service.js";
