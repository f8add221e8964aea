// The customer-support view's reads of the event store: a unit's events, exposures and raw events, units by attribute.
export * from "./compile-customer-queries.js";
export * from "./customer-events-reader.js";
