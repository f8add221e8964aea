export type { CaseOutcome, SectionReport } from "./conformance-types.js";
export { findDifference } from "./loose-equal.js";
export { NOT_SUPPORTED_SECTIONS, runConformance } from "./run-conformance.js";
