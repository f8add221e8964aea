import { createEvaluator, type Evaluator, parsePayload, type SdkPayload } from "@switchboard/core";
import type { PayloadSource } from "./client-types.js";

const EMPTY_PAYLOAD: SdkPayload = Object.freeze({ features: Object.freeze({}) });

/** A rejected payload or patch: the message names what was wrong; the last good payload stays in service. */
export class RejectedPayloadError extends Error {
  override readonly name = "RejectedPayloadError";
}

/**
 * The payload in service and its compiled evaluator. Every update is validated as a whole before it replaces
 * anything, so a malformed payload or patch never leaves the client half-updated.
 */
export class PayloadState {
  payload: SdkPayload = EMPTY_PAYLOAD;
  evaluator: Evaluator = createEvaluator(EMPTY_PAYLOAD);
  source: PayloadSource = "none";
  /** Increments on every accepted change; derived caches compare it. */
  version = 0;

  /** Replaces the whole payload; returns the keys whose definition changed. Throws `RejectedPayloadError`. */
  replace(raw: unknown, source: PayloadSource): string[] {
    const next = parseOrReject(raw);
    // A changed segment may change any flag that uses it: report every flag then.
    const savedGroupsChanged = stableJson(this.payload.savedGroups) !== stableJson(next.savedGroups);
    const keys = savedGroupsChanged ? allKeys(this.payload, next) : changedKeys(this.payload, next);
    this.#install(next, source, keys.length > 0 || savedGroupsChanged);
    return keys;
  }

  /** Applies a `patch` event (`{features: {key: definition | null}}`); returns the changed keys. */
  patch(raw: unknown, source: PayloadSource): string[] {
    const features = patchFeatures(raw);
    const merged: Record<string, unknown> = { ...this.payload.features };
    for (const [key, definition] of Object.entries(features)) {
      if (definition === null) delete merged[key];
      else merged[key] = definition;
    }
    const next = parseOrReject({ ...this.payload, features: merged });
    const keys = changedKeys(this.payload, next);
    this.#install(next, source, keys.length > 0);
    return keys;
  }

  #install(next: SdkPayload, source: PayloadSource, changed: boolean): void {
    this.source = source;
    if (!changed && this.version > 0) return;
    this.evaluator = createEvaluator(next);
    this.payload = next;
    this.version++;
  }
}

function parseOrReject(raw: unknown): SdkPayload {
  try {
    const payload = parsePayload(raw);
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
