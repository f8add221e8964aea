import { type Static, Type } from "@sinclair/typebox";
import type { Flag, Rule } from "@switchboard/core";
import { validationFailed } from "../../kernel/index.js";
import type { StoredDocument } from "../../store/index.js";

/** A flag's state in one environment: killed, fully on, or partly rolled out. */
export type FlagState = "off" | "on" | "ramping";

/** Filters of the flag list; all given ones must match. */
export interface FlagListFilter {
  tag?: string;
  owner?: string;
  /** Case-insensitive text in the key or the description. */
  text?: string;
  /** `state` is judged in this environment. */
  environment?: string;
  state?: FlagState;
  includeArchived?: boolean;
}

/** The state of `flag` in `environment`: off when killed, ramping while a rule serves a share of its units. */
function flagState(flag: Flag, environment: string): FlagState {
  const settings = flag.environments?.[environment];
  if (settings?.enabled === false) return "off";
  return (settings?.rules ?? []).some(isPartial) ? "ramping" : "on";
}

/** True when `doc` passes every filter given. */
export function matchesFlagFilter(doc: StoredDocument<Flag>, filter: FlagListFilter): boolean {
  const flag = doc.body;
  if (filter.tag !== undefined && !(flag.tags ?? []).includes(filter.tag)) return false;
  if (filter.owner !== undefined && flag.owner !== filter.owner) return false;
  if (filter.text !== undefined) {
    const text = filter.text.toLowerCase();
    const inKey = doc.key.toLowerCase().includes(text);
    if (!inKey && !(flag.description ?? "").toLowerCase().includes(text)) return false;
  }
  if (filter.state !== undefined && flagState(flag, filter.environment ?? "") !== filter.state) return false;
  return true;
}

function isPartial(rule: Rule): boolean {
  if (rule.kind === "experiment") return false;
  return rule.percent !== undefined && rule.percent > 0 && rule.percent < 100;
}

/** Query of `GET /flags`. */
export const ListFlagsQuerySchema = Type.Object(
  {
    tag: Type.Optional(Type.String()),
    owner: Type.Optional(Type.String()),
    q: Type.Optional(Type.String({ description: "Text in the key or description." })),
    environment: Type.Optional(Type.String({ description: "Where `state` is judged." })),
    state: Type.Optional(Type.Union([Type.Literal("off"), Type.Literal("on"), Type.Literal("ramping")])),
    archived: Type.Optional(Type.Boolean({ description: "Include archived flags." })),
  },
  { additionalProperties: false },
);

/** A `GET /flags` query, as checked at the edge. */
export type ListFlagsQuery = Static<typeof ListFlagsQuerySchema>;

/** The filter of a `GET /flags` query; `state` needs `environment`. */
export function flagListFilter(query: ListFlagsQuery): FlagListFilter {
  const { q, archived, ...rest } = query;
  if (rest.state !== undefined && rest.environment === undefined) {
    throw validationFailed([{ path: "environment", message: "is required with state" }]);
  }
  return {
    ...rest,
    ...(q === undefined ? {} : { text: q }),
    ...(archived === undefined ? {} : { includeArchived: archived }),
  };
}
