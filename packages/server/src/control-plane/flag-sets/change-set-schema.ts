import { type Static, Type } from "@sinclair/typebox";
import { FlagSchema, NAME_PATTERN, SegmentSchema } from "@switchboard/core";
import { ReasonField } from "../../kernel/index.js";

/** The most flags one change set may touch: a set kept in git is rarely larger, and the write is one transaction. */
export const MAX_CHANGE_SET_FLAGS = 2_000;
/** The most segments one change set may touch. */
export const MAX_CHANGE_SET_SEGMENTS = 500;

const ExpectedVersion = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
  description: "The version the change was planned against; null for a document that must not exist yet.",
});

const Key = (what: string) => Type.String({ pattern: NAME_PATTERN, description: `The ${what} key.` });

const FLAG_DESCRIPTION = "The flag as it should be; omitted archives it.";
const SEGMENT_DESCRIPTION = "The segment as it should be; omitted archives it.";

/** The change set as the edge checks it; flags and segments are checked by the service, against the resulting set. */
export const LooseChangeSetSchema = Type.Object(
  {
    reason: ReasonField,
    flags: Type.Array(
      Type.Object(
        {
          key: Key("flag"),
          expectedVersion: ExpectedVersion,
          flag: Type.Optional(Type.Unknown({ description: FLAG_DESCRIPTION })),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_CHANGE_SET_FLAGS },
    ),
    segments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Key("segment"),
            expectedVersion: ExpectedVersion,
            segment: Type.Optional(Type.Unknown({ description: SEGMENT_DESCRIPTION })),
          },
          { additionalProperties: false },
        ),
        { maxItems: MAX_CHANGE_SET_SEGMENTS },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The documented body of `POST /flag-sets/apply`. */
export const ChangeSetSchema = Type.Object(
  {
    reason: ReasonField,
    flags: Type.Array(
      Type.Object(
        { key: Key("flag"), expectedVersion: ExpectedVersion, flag: Type.Optional(FlagSchema) },
        { additionalProperties: false, description: FLAG_DESCRIPTION },
      ),
      { maxItems: MAX_CHANGE_SET_FLAGS },
    ),
    segments: Type.Optional(
      Type.Array(
        Type.Object(
          { key: Key("segment"), expectedVersion: ExpectedVersion, segment: Type.Optional(SegmentSchema) },
          { additionalProperties: false, description: SEGMENT_DESCRIPTION },
        ),
        { maxItems: MAX_CHANGE_SET_SEGMENTS },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A change set: flags and segments to create, replace or archive, each at the version it was planned against. */
export type ChangeSet = Static<typeof LooseChangeSetSchema>;

/** What one entry of an applied change set did. */
export interface AppliedEntry {
  key: string;
  action: "flag.create" | "flag.update" | "flag.archive" | "segment.create" | "segment.update" | "segment.archive";
  version: number;
}
