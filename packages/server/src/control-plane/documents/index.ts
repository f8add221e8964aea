// Documents: named versioned documents (segments, experiments, metrics) checked against the whole flag set.
export * from "./named-document-service.js";
