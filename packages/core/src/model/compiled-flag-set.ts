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
  /** `JSON.stringify(payload)`, joined from the features' JSON. */
  readonly json: string;
  /** The JSON of each feature of the payload. */
  readonly featureJson: ReadonlyMap<string, string>;
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
    json: "",
    featureJson: new Map(),
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
  const features: Record<string, FeatureDefinition> = {};
  for (const key of order) {
    const feature = parts.get(key)?.feature;
    if (feature) features[key] = feature;
  }
  const groups = index.groupNames();
  const sameGroups = sameList(groups, previous.groupNames);
  const context: CompileContext = { flags: flagSet.flags, segments, clientVisibleOnly, usedGroups: new Set() };
  const savedGroups = sameGroups ? previous.savedGroups : compileSavedGroups(groups, context);
  const savedGroupsJson = sameGroups ? previous.savedGroupsJson : jsonOrUndefined(savedGroups);
  const payload: SdkPayload = { features };
  if (savedGroups) payload.savedGroups = savedGroups;
  const featureJson = new Map<string, string>();
  const pieces: string[] = [];
  // Object.keys, not `order`: JSON.stringify lists integer-like keys first, and so must the joined text.
  for (const key of Object.keys(features)) {
    const json = parts.get(key)?.json ?? "null";
    featureJson.set(key, json);
    pieces.push(`${JSON.stringify(key)}:${json}`);
  }
  const groupsJson = savedGroupsJson === undefined ? "" : `,"savedGroups":${savedGroupsJson}`;
  return {
    environment,
    clientVisibleOnly,
    payload,
    json: `{"features":{${pieces.join(",")}}${groupsJson}}`,
    featureJson,
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
  const prerequisites = new Set<string>();
  for (const rule of flag.environments?.[environment]?.rules ?? []) {
    for (const prerequisite of rule.prerequisites ?? []) prerequisites.add(prerequisite.flag);
  }
  return {
    feature,
    json: feature ? JSON.stringify(feature) : "",
    groups: [...context.usedGroups],
    prerequisites: [...prerequisites],
  };
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
