import type { Evaluator, FeatureDefinition, SdkPayload } from "@switchboard/core";
import type { PayloadSource } from "./client-types.js";
import type { FeatureSet, PayloadReader } from "./payload-reader.js";

const EMPTY_PAYLOAD: SdkPayload = Object.freeze({ features: Object.freeze({}) });

/** A rejected payload or patch: the message names what was wrong; the last good payload stays in service. */
export class RejectedPayloadError extends Error {
  override readonly name = "RejectedPayloadError";
}

/**
 * The payload in service and its compiled evaluator. Every update is validated before it replaces anything, so a
 * malformed payload or patch never leaves the client half-updated. A patch validates only the flags it carries,
 * and an update keeps compiled every flag it leaves alone (and that names no changed flag as a prerequisite).
 */
export class PayloadState {
  /** The last full payload's fields besides `features` (saved groups, bandits…): a patch never changes them. */
  #rest: SdkPayload = EMPTY_PAYLOAD;
  #features: FeatureSet;
  #payload: SdkPayload | undefined = EMPTY_PAYLOAD;
  evaluator: Evaluator;
  source: PayloadSource = "none";
  /** Increments on every accepted change; derived caches compare it. */
  version = 0;
  readonly #reader: PayloadReader;

  constructor(reader: PayloadReader) {
    this.#reader = reader;
    this.#features = reader.featuresOf(EMPTY_PAYLOAD.features);
    this.evaluator = reader.evaluatorOf(EMPTY_PAYLOAD);
  }

  /** The payload in service, frozen (after a patch, built on first read: the hot path never needs it). */
  get payload(): SdkPayload {
    this.#payload ??= Object.freeze({ ...this.#rest, features: this.#features.toRecord() });
    return this.#payload;
  }

  /** Replaces the whole payload; returns the keys whose definition changed. Throws `RejectedPayloadError`. */
  replace(raw: unknown, source: PayloadSource): string[] {
    const next = parseOrReject(this.#reader, raw);
    const before = this.payload;
    // A changed segment may change any flag that uses it: report every flag then.
    const groupsChanged = stableJson(before.savedGroups) !== stableJson(next.savedGroups);
    const banditsChanged = stableJson(before.contextualBandits) !== stableJson(next.contextualBandits);
    const keys = groupsChanged ? allKeys(before, next) : changedKeys(before, next);
    this.source = source;
    if (!(keys.length > 0 || groupsChanged) && this.version > 0) return keys;
    const features = this.#reader.featuresOf(next.features);
    // Flags reading a changed saved group are compiled again (their conditions hold the ids), the others kept.
    this.evaluator = banditsChanged ? this.#reader.evaluatorOf(next) : this.#patched(features, keys, next);
    this.#install(next, features, next);
    return keys;
  }

  /** Applies a `patch` event (`{features: {key: definition | null}}`); returns the changed keys. */
  patch(raw: unknown, source: PayloadSource): string[] {
    const changes = parsePatchOrReject(this.#reader, patchFeatures(raw));
    const keys: string[] = [];
    for (const [key, definition] of changes) {
      if (stableJson(this.#features.get(key)) !== stableJson(definition ?? undefined)) keys.push(key);
    }
    this.source = source;
    if (keys.length === 0 && this.version > 0) return keys;
    const features = this.#features.withChanges(changes);
    this.evaluator = this.#patched(features, keys, undefined);
    this.#install(this.#rest, features, undefined);
    return keys;
  }

  /**
   * The evaluator keeping the unaffected compiled flags when the reader can patch; a fresh one otherwise, or should
   * patching ever fail (never the host's problem).
   */
  #patched(features: FeatureSet, keys: readonly string[], next: SdkPayload | undefined): Evaluator {
    const patch = this.#reader.patch;
    try {
      if (patch !== undefined) {
        return patch(this.evaluator, features, keys, next === undefined ? undefined : (next.savedGroups ?? {}));
      }
    } catch {}
    return this.#reader.evaluatorOf(next ?? Object.freeze({ ...this.#rest, features: features.toRecord() }));
  }

  #install(rest: SdkPayload, features: FeatureSet, payload: SdkPayload | undefined): void {
    this.#rest = rest;
    this.#features = features;
    this.#payload = payload;
    this.version++;
  }
}

/** Validates the defined flags of a patch alone (as a payload of just them); null marks a removed flag. */
function parsePatchOrReject(
  reader: PayloadReader,
  features: Record<string, unknown>,
): Map<string, FeatureDefinition | null> {
  const defined: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(features)) {
    if (definition === null) continue;
    if (key === "__proto__")
      Object.defineProperty(defined, key, { value: definition, enumerable: true, writable: true });
    else defined[key] = definition;
  }
  const parsed = parseOrReject(reader, { features: defined }).features ?? {};
  const changes = new Map<string, FeatureDefinition | null>();
  for (const key of Object.keys(features)) changes.set(key, features[key] === null ? null : (parsed[key] ?? null));
  return changes;
}

function parseOrReject(reader: PayloadReader, raw: unknown): SdkPayload {
  try {
    const payload = reader.parse(raw);
    if (payload.encryptedFeatures !== undefined) throw new Error("encrypted payloads are not supported");
    return payload;
  } catch (error) {
    throw new RejectedPayloadError(`payload rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function patchFeatures(raw: unknown): Record<string, unknown> {
  const value = typeof raw === "string" ? parseJson(raw) : raw;
  const features = isRecord(value) ? value["features"] : undefined;
  if (!isRecord(features)) throw new RejectedPayloadError("patch rejected: `features` must be an object");
  return features;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RejectedPayloadError("patch rejected: not valid JSON");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function changedKeys(before: SdkPayload, after: SdkPayload): string[] {
  const a = before.features ?? {};
  const b = after.features ?? {};
  const keys: string[] = [];
  for (const key of Object.keys(a)) if (!(key in b) || stableJson(a[key]) !== stableJson(b[key])) keys.push(key);
  for (const key of Object.keys(b)) if (!(key in a)) keys.push(key);
  return keys;
}

function allKeys(before: SdkPayload, after: SdkPayload): string[] {
  return [...new Set([...Object.keys(before.features ?? {}), ...Object.keys(after.features ?? {})])];
}

function stableJson(value: unknown): string {
  return JSON.stringify(value) ?? "";
}
