import { createHash } from "node:crypto";
import {
  type CompiledFlagSet,
  compileFlagSetParts,
  createEvaluator,
  type Evaluator,
  recompileFlags,
  type SdkPayload,
} from "@switchboard/core";
import type { FlagSetSnapshot, SnapshotBasis } from "./flag-set-snapshot.js";

/** Who reads a payload: server SDKs get every flag and id list; clients only client-visible flags, no id lists. */
export type Audience = "server" | "client";

/** Serialized bytes with their strong ETag and the response headers that go with them, built once per version. */
export interface EncodedBody {
  bytes: Buffer;
  etag: string;
  headers200: Readonly<Record<string, string>>;
  headers304: Readonly<Record<string, string>>;
}

/** One environment's payload for one audience as of one snapshot, with everything the hot paths reuse. */
export interface CompiledPayload {
  seq: number;
  environment: string;
  audience: Audience;
  dateUpdated: string;
  payload: SdkPayload;
  /** What changed since the snapshot this one was advanced from (null after a full read). */
  basis: SnapshotBasis | null;
  /** Flags marked client-visible in the snapshot (what client keys may evaluate remotely). */
  clientVisibleKeys: ReadonlySet<string>;
  /** The payload in per-flag parts: the base the next flag-only change is spliced into. */
  parts: CompiledFlagSet;
  /** The payload's JSON; the ETag hashes these bytes, so it only changes when the content does. */
  body: EncodedBody;
  /** Feature JSON per key, for diffing two versions without serializing every feature. */
  featureJson(key: string): string | undefined;
  /** GrowthBook's `/api/features` response body: `{status, features, savedGroups?, dateUpdated}`. */
  growthbookBody(): EncodedBody;
}

/**
 * Compiles one environment of a snapshot for one audience (`compileFlagSet` with `clientVisibleOnly` for clients).
 * When the snapshot was advanced from `previous`'s by flag changes only, just those flags (and the flags naming
 * them as prerequisites) are compiled and spliced into `previous`: same bytes, without recompiling 10,000 flags.
 */
export function compilePayload(
  snapshot: FlagSetSnapshot,
  environment: string,
  audience: Audience,
  previous?: CompiledPayload,
): CompiledPayload {
  const basis = snapshot.basis;
  const parts =
    previous !== undefined && basis !== null && !basis.full && basis.previousSeq === previous.seq
      ? recompileFlags(previous.parts, snapshot.flagSet, basis.flags)
      : compileFlagSetParts(snapshot.flagSet, environment, { clientVisibleOnly: audience === "client" });
  const bytes = Buffer.from(parts.bytes.buffer, parts.bytes.byteOffset, parts.bytes.byteLength);
  const body = encodeBody(bytes);
  let growthbook: EncodedBody | undefined;
  return {
    seq: snapshot.seq,
    environment,
    audience,
    dateUpdated: snapshot.dateUpdated,
    // A getter: the payload object is built on first use (OFREP), not on every change.
    get payload(): SdkPayload {
      return parts.payload;
    },
    basis,
    clientVisibleKeys: snapshot.clientVisibleKeys,
    parts,
    body,
    featureJson: (key) => parts.featureJson(key),
    growthbookBody: () => {
      // The same bytes as JSON.stringify({ status: 200, ...payload, dateUpdated }), without serializing again.
      growthbook ??= encodeBody(
        Buffer.concat([
          Buffer.from('{"status":200,'),
          bytes.subarray(1, -1),
          Buffer.from(`,"dateUpdated":${JSON.stringify(snapshot.dateUpdated)}}`),
        ]),
        { "x-sse-support": "enabled" },
      );
      return growthbook;
    },
  };
}

const evaluators = new WeakMap<CompiledPayload, Evaluator>();

/** The evaluator of a compiled payload, compiled on first use and kept as long as the payload version lives. */
export function evaluatorOf(compiled: CompiledPayload): Evaluator {
  let evaluator = evaluators.get(compiled);
  if (!evaluator) {
    evaluator = createEvaluator(compiled.payload);
    evaluators.set(compiled, evaluator);
  }
  return evaluator;
}

/** Hashes bytes into a strong ETag and precomputes the 200 and 304 headers. */
export function encodeBody(bytes: Buffer, extraHeaders: Readonly<Record<string, string>> = {}): EncodedBody {
  const etag = `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;
  const headers304 = { etag, "cache-control": "no-cache", ...extraHeaders };
  return {
    bytes,
    etag,
    headers200: { ...headers304, "content-type": "application/json; charset=utf-8" },
    headers304,
  };
}
