import { type Static, Type } from "@sinclair/typebox";
import { MAX_REASON_CHARS } from "@switchboard/core";

/** The optional `reason` of a write body; kept in the audit log. */
export const ReasonField = Type.Optional(
  Type.String({ maxLength: MAX_REASON_CHARS, description: "Why; kept in the audit log." }),
);

/**
 * The body of a write that takes nothing but an optional reason (enable, kill, archive). It lives in the kernel
 * because several control-plane features accept it, and features must not import each other for a schema.
 */
export const ToggleInputSchema = Type.Object({ reason: ReasonField }, { additionalProperties: false });

/** A body with only an optional reason. */
export type ToggleInput = Static<typeof ToggleInputSchema>;
