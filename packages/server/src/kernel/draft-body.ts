import { type Static, Type } from "@sinclair/typebox";

/**
 * A body the edge checks only for being a JSON object: its fields are checked by the service against the model
 * and the rest of the stored flag set, so structural and semantic problems are reported together in one answer
 * (a flag, a segment, an experiment). Such routes document the full schema as `documentedBody`.
 */
export const DraftBodySchema = Type.Record(Type.String(), Type.Unknown());

/** An object body whose fields are not yet checked against the model. */
export type DraftBody = Static<typeof DraftBodySchema>;
