import type { Flag, Segment } from "@switchboard/core";
import type { RouteOutput } from "./route-spec.js";
import type { WriteContext } from "./write-context.js";

/** One flag as a held change would leave it: `before` null creates it, `after` null archives it. */
export interface ProposedFlagChange {
  key: string;
  /** The version the change was computed from; null for a flag that does not exist yet. */
  expectedVersion: number | null;
  before: Flag | null;
  after: Flag | null;
}

/** One segment as a held change would leave it: `before` null creates it, `after` null archives it. */
export interface ProposedSegmentChange {
  key: string;
  /** The version the change was computed from; null for a segment that does not exist yet. */
  expectedVersion: number | null;
  before: Segment | null;
  after: Segment | null;
}

/** What a write answers when it is held for approval: the change request it became. */
export interface HeldChange {
  held: { id: string } & Record<string, unknown>;
}

/**
 * Four-eyes control of protected environments, handed to the features that write flags. A write whose change
 * touches a protected environment, made by an editor, is not applied: it becomes a change request. A segment's change
 * touches the environments where a flag's rule uses it.
 */
export interface ChangeGate {
  /** The protected environments among `environments` where a change by `context` waits for approval. */
  protectedFor(context: WriteContext, environments: Iterable<string>): string[];
  /** Records the change as a pending change request (audited) and returns it. */
  propose(
    changes: ProposedFlagChange[],
    environments: string[],
    context: WriteContext,
    summary: string,
    segments?: ProposedSegmentChange[],
  ): Promise<HeldChange>;
}

/** Whether a write's result is a change request rather than the change itself. */
export function isHeld(result: unknown): result is HeldChange {
  return typeof result === "object" && result !== null && "held" in result;
}

/** A change held for approval in a protected environment: 202 with the change request it became. */
export function heldOutput(held: HeldChange): RouteOutput {
  return { status: 202, body: held.held };
}
