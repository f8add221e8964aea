import type { FlagDocument } from "@switchboard/core";
import { filterStateOf } from "./flag-state.js";

/** The filters of the flags page; all of them kept in the address so a filtered list can be shared. */
export interface FlagFilter {
  text: string;
  tag: string;
  owner: string;
  environment: string;
  state: "" | "off" | "on" | "ramping";
  recent: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The flags that pass every filter, in their original order. `nowMs` is passed in so this stays pure. */
export function filterFlags(flags: readonly FlagDocument[], filter: FlagFilter, nowMs: number): FlagDocument[] {
  const text = filter.text.trim().toLowerCase();
  const since = nowMs - DAY_MS;
  return flags.filter((doc) => {
    const flag = doc.body;
    if (text !== "" && !doc.key.toLowerCase().includes(text) && !(flag.description ?? "").toLowerCase().includes(text))
      return false;
    if (filter.tag !== "" && !(flag.tags ?? []).includes(filter.tag)) return false;
    if (filter.owner !== "" && flag.owner !== filter.owner) return false;
    if (filter.recent && Date.parse(doc.updatedAt) < since) return false;
    if (filter.state !== "" && filter.environment !== "") {
      if (filterStateOf(flag, filter.environment) !== filter.state) return false;
    }
    return true;
  });
}

/** The distinct tags and owners of a flag list, sorted, for the filter menus. */
export function facetsOf(flags: readonly FlagDocument[]): { tags: string[]; owners: string[] } {
  const tags = new Set<string>();
  const owners = new Set<string>();
  for (const doc of flags) {
    for (const tag of doc.body.tags ?? []) tags.add(tag);
    if (doc.body.owner !== undefined) owners.add(doc.body.owner);
  }
  return { tags: [...tags].sort(), owners: [...owners].sort() };
}

/** Reads the filter from the address. */
export function filterFromQuery(query: URLSearchParams): FlagFilter {
  const state = query.get("state") ?? "";
  return {
    text: query.get("q") ?? "",
    tag: query.get("tag") ?? "",
    owner: query.get("owner") ?? "",
    environment: query.get("env") ?? "",
    state: state === "off" || state === "on" || state === "ramping" ? state : "",
    recent: query.get("recent") === "1",
  };
}

/** Writes the filter to a query string (empty values left out). */
export function filterToQuery(filter: FlagFilter): string {
  const params = new URLSearchParams();
  if (filter.text !== "") params.set("q", filter.text);
  if (filter.tag !== "") params.set("tag", filter.tag);
  if (filter.owner !== "") params.set("owner", filter.owner);
  if (filter.environment !== "") params.set("env", filter.environment);
  if (filter.state !== "") params.set("state", filter.state);
  if (filter.recent) params.set("recent", "1");
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
