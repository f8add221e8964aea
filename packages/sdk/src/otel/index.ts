/** OpenTelemetry for Switchboard: evaluations as `feature_flag.evaluation` span events, assignments in baggage. */
export {
  ASSIGNMENTS_BAGGAGE_KEY,
  type AssignmentBaggageOptions,
  assignmentsFromBaggage,
  assignmentsToBaggage,
  decodeAssignments,
  encodeAssignments,
} from "./assignment-baggage.js";
export { evaluationAttributes, type InstrumentOptions, instrumentClient, type TraceApi } from "./instrument-client.js";
export { FEATURE_FLAG, SWITCHBOARD_ATTRIBUTES } from "./semantic-conventions.js";
