import type { FeatureDefinition, SavedGroups, SdkPayload } from "../payload/payload-types.js";
import { compileFeature, compileSavedGroups } from "./compile-feature.js";
import type { CompileOptions } from "./compile-flag-set.js";
import type { CompileContext } from "./compile-targeting.js";
import type { Flag, FlagSet } from "./flag-set-schema.js";

/** What one flag contributed to a compiled flag set. */
interface FlagPart {
  /** Null when the flag is left out of the payload (a client rule needing a private id list). */
  readonly feature: FeatureDefinition | null;
  readonly json: string;
  /** `"key":json` in UTF-8, the feature's entry in the payload's JSON. */
  readonly entry: Uint8Array;
  /** Id-list segments its rules reference (they become `savedGroups`). */
  readonly groups: readonly string[];
  /** Flags its rules in this environment name as prerequisites (their variation values are compiled in). */
  readonly prerequisites: readonly string[];
}

/**
 * One environment of a flag set compiled for one audience, kept in per-flag parts so that a change to some flags
 * recompiles only those flags and the flags naming them as prerequisites ({@link recompileFlags}).
 */
export interface CompiledFlagSet {
  readonly environment: string;
  readonly clientVisibleOnly: boolean;
  /** Equal to `compileFlagSet(flagSet, environment, options)`. */
  readonly payload: SdkPayload;
  /** `JSON.stringify(payload)` as UTF-8, joined from the features' bytes (no 3 MB string per change). */
  readonly bytes: Uint8Array;
  /** `JSON.stringify(payload)`. */
  readonly json: string;
  /** The JSON of a feature of the payload. */
  featureJson(key: string): string | undefined;
  /** A feature of the payload. */
  feature(key: string): FeatureDefinition | undefined;
  /** Flags compiled by the step that produced this value, sorted (every flag after a full compile). */
  readonly recompiled: readonly string[];
  readonly parts: ReadonlyMap<string, FlagPart>;
  /** Keys of the payload's features, sorted. */
  readonly order: readonly string[];
  /** Prerequisite flag → flags naming it. */
  readonly dependents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Id-list segment → how many flags reference it. */
  readonly groupUses: ReadonlyMap<string, number>;
  /** Names of the id-list segments referenced, sorted. */
  readonly groupNames: readonly string[];
  readonly savedGroups: SavedGroups | undefined;
  readonly savedGroupsJson: string | undefined;
}

/**
 * Compiles one environment of a validated flag set in parts; `payload` and `json` equal what `compileFlagSet` and
 * `JSON.stringify` give. Throws as `compileFlagSet` does.
 * @example compileFlagSetParts(flagSet, "production", { clientVisibleOnly: true }).json
 */
export function compileFlagSetParts(
  flagSet: FlagSet,
  environment: string,
  options: CompileOptions = {},
): CompiledFlagSet {
  const empty: CompiledFlagSet = {
    environment,
    clientVisibleOnly: options.clientVisibleOnly === true,
    payload: { features: {} },
    bytes: new Uint8Array(),
    json: "",
    featureJson: () => undefined,
    feature: () => undefined,
    recompiled: [],
    parts: new Map(),
    order: [],
    dependents: new Map(),
    groupUses: new Map(),
    groupNames: [],
    savedGroups: undefined,
    savedGroupsJson: undefined,
  };
  return recompileFlags(empty, flagSet, Object.keys(flagSet.flags));
}

/**
 * Brings a compiled flag set up to date after `changed` flags were written, added or removed: those flags and the
 * flags naming them as prerequisites are compiled again and spliced in; every other feature keeps its compiled
 * form and JSON. Only valid when segments and environments are the ones `previous` was compiled with (a change to
 * those can alter any flag: compile in full). The result is byte for byte what a full compile gives.
 */
export function recompileFlags(
  previous: CompiledFlagSet,
  flagSet: FlagSet,
  changed: Iterable<string>,
): CompiledFlagSet {
  const { environment, clientVisibleOnly } = previous;
  if (flagSet.environments && !flagSet.environments.includes(environment)) {
    throw new RangeError(`compileFlagSet: unknown environment "${environment}"`);
  }
  const segments = flagSet.segments ?? {};
  const keys = new Set<string>();
  for (const key of changed) {
    keys.add(key);
    for (const dependent of previous.dependents.get(key) ?? []) keys.add(dependent);
  }
  const recompiled = [...keys].sort();
  const parts = new Map(previous.parts);
  const index = new DependencyIndex(previous.dependents, previous.groupUses);
  const added: string[] = [];
  const removed = new Set<string>();
  for (const key of recompiled) {
    const before = parts.get(key);
    const flag = flagSet.flags[key];
    const part =
      flag && (!clientVisibleOnly || flag.clientVisible === true)
        ? compilePart(key, flag, environment, {
            flags: flagSet.flags,
            segments,
            clientVisibleOnly,
            usedGroups: new Set(),
          })
        : undefined;
    index.replace(key, before, part);
    if (part) parts.set(key, part);
    else parts.delete(key);
    const wasIn = before?.feature != null;
    const isIn = part?.feature != null;
    if (wasIn && !isIn) removed.add(key);
    if (isIn && !wasIn) added.push(key);
  }
  const order = mergeSorted(previous.order, removed, added);
  const groups = index.groupNames();
  const sameGroups = sameList(groups, previous.groupNames);
  const context: CompileContext = { flags: flagSet.flags, segments, clientVisibleOnly, usedGroups: new Set() };
  const savedGroups = sameGroups ? previous.savedGroups : compileSavedGroups(groups, context);
  const savedGroupsJson = sameGroups ? previous.savedGroupsJson : jsonOrUndefined(savedGroups);
  const groupsJson = savedGroupsJson === undefined ? "" : `,"savedGroups":${savedGroupsJson}`;
  const bytes = joinEntries(jsonOrder(order), parts, groupsJson);
  let payload: SdkPayload | undefined;
  let json: string | undefined;
  return {
    environment,
    clientVisibleOnly,
    // Built on first read: the server's hot path needs only the JSON, and 10,000 keys take a while to insert.
    get payload(): SdkPayload {
      payload ??= payloadOf(order, parts, savedGroups);
      return payload;
    },
    bytes,
    get json(): string {
      json ??= new TextDecoder().decode(bytes);
      return json;
    },
    featureJson: (key) => (parts.get(key)?.feature ? parts.get(key)?.json : undefined),
    feature: (key) => parts.get(key)?.feature ?? undefined,
    recompiled,
    parts,
    order,
    dependents: index.dependents,
    groupUses: index.groupUses,
    groupNames: groups,
    savedGroups,
    savedGroupsJson,
  };
}

function compilePart(key: string, flag: Flag, environment: string, context: CompileContext): FlagPart {
  const feature = compileFeature(key, flag, environment, context);
  const json = feature ? JSON.stringify(feature) : "";
  const prerequisites = new Set<string>();
  for (const rule of flag.environments?.[environment]?.rules ?? []) {
    for (const prerequisite of rule.prerequisites ?? []) prerequisites.add(prerequisite.flag);
  }
  return {
    feature,
    json,
    entry: UTF8.encode(`${JSON.stringify(key)}:${json}`),
    groups: [...context.usedGroups],
    prerequisites: [...prerequisites],
  };
}

/** The payload object `compileFlagSet` builds: features inserted in sorted key order. */
function payloadOf(
  order: readonly string[],
  parts: ReadonlyMap<string, FlagPart>,
  savedGroups: SavedGroups | undefined,
): SdkPayload {
  const features: Record<string, FeatureDefinition> = {};
  for (const key of order) {
    const feature = parts.get(key)?.feature;
    if (feature) features[key] = feature;
  }
  const payload: SdkPayload = { features };
  if (savedGroups) payload.savedGroups = savedGroups;
  return payload;
}

const UTF8 = new TextEncoder();
const OPEN = UTF8.encode('{"features":{');
const COMMA = 44;

/** `{"features":{entry,entry,…}<groups>}` in one buffer: a copy of each entry, nothing serialized again. */
function joinEntries(keys: readonly string[], parts: ReadonlyMap<string, FlagPart>, groupsJson: string): Uint8Array {
  const entries = keys.map((key) => (parts.get(key) as FlagPart).entry);
  const tail = UTF8.encode(`}${groupsJson}}`);
  let length = OPEN.length + Math.max(0, entries.length - 1) + tail.length;
  for (const entry of entries) length += entry.length;
  const bytes = new Uint8Array(length);
  bytes.set(OPEN, 0);
  let offset = OPEN.length;
  entries.forEach((entry, index) => {
    if (index > 0) bytes[offset++] = COMMA;
    bytes.set(entry, offset);
    offset += entry.length;
  });
  bytes.set(tail, offset);
  return bytes;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The order JSON.stringify lists an object's keys in: array-index keys ("7", "10") first, ascending as numbers,
 * then the others in insertion order (here sorted).
 */
function jsonOrder(sorted: readonly string[]): readonly string[] {
  const indexes = sorted.filter((key) => isArrayIndex(key));
  if (indexes.length === 0) return sorted;
  const named = sorted.filter((key) => !isArrayIndex(key));
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...named];
}

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && ARRAY_INDEX.test(key) && Number(key) < 4294967295;
}

/** The reverse prerequisite edges and the id-list use counts, copied on write so `previous` stays intact. */
class DependencyIndex {
  readonly dependents: Map<string, ReadonlySet<string>>;
  readonly groupUses: Map<string, number>;

  constructor(dependents: ReadonlyMap<string, ReadonlySet<string>>, groupUses: ReadonlyMap<string, number>) {
    this.dependents = new Map(dependents);
    this.groupUses = new Map(groupUses);
  }

  replace(key: string, before: FlagPart | undefined, after: FlagPart | undefined): void {
    for (const parent of before?.prerequisites ?? []) this.edit(parent, (set) => set.delete(key));
    for (const parent of after?.prerequisites ?? []) this.edit(parent, (set) => set.add(key));
    for (const group of before?.groups ?? []) this.count(group, -1);
    for (const group of after?.groups ?? []) this.count(group, 1);
  }

  groupNames(): string[] {
    return [...this.groupUses.keys()].sort();
  }

  private edit(parent: string, change: (set: Set<string>) => void): void {
    const set = new Set(this.dependents.get(parent));
    change(set);
    if (set.size === 0) this.dependents.delete(parent);
    else this.dependents.set(parent, set);
  }

  private count(group: string, delta: number): void {
    const next = (this.groupUses.get(group) ?? 0) + delta;
    if (next <= 0) this.groupUses.delete(group);
    else this.groupUses.set(group, next);
  }
}

/** `sorted` without `removed`, merged with `added` (any order), sorted as `Array.prototype.sort` sorts strings. */
function mergeSorted(sorted: readonly string[], removed: ReadonlySet<string>, added: string[]): readonly string[] {
  const kept = removed.size === 0 ? sorted : sorted.filter((key) => !removed.has(key));
  if (added.length === 0) return kept;
  const extra = added.sort();
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < extra.length) {
    const a = kept[i];
    const b = extra[j];
    if (b === undefined || (a !== undefined && a < b)) {
      merged.push(a as string);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  return merged;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function jsonOrUndefined(value: SavedGroups | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
