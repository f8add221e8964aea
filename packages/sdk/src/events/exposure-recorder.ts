import type { Exposure, FeatureResult } from "@switchboard/core";
import type { EvaluationRecord, SwitchboardClient } from "../client/client-types.js";
import { isoTime } from "./iso-time.js";
import { LruSet } from "./lru-set.js";
import { itemId } from "./random-id.js";
import { variationOf } from "./variation-of.js";

/** Which evaluations record an exposure: experiment assignments only (default), every rule match, or none. */
export type ExposureMode = "experiments" | "all" | "none";

/** Settings of exposure recording. */
export interface ExposureOptions {
  exposures?: ExposureMode;
  /** Distinct unit|flag|variation|rule keys remembered for deduplication. Default 10,000. */
  dedupSize?: number;
  /** Defaults to the client's `environment` option. */
  environment?: string;
  /** Defaults to the client's `release` option. */
  release?: string;
}

/** Where exposures go (an `EventTransport`, or anything with the same `enqueue`). */
export interface ItemSink {
  enqueue(item: Exposure): void;
}

/**
 * Records the exposure of one evaluation when the mode selects it and it was not recorded before; `variation` is
 * `variationOf(record.result)`, passed in because the events client computes it once for both of its uses.
 */
export type ExposureRecorder = (record: EvaluationRecord, variation: string | undefined) => void;

/** The exposure recorder of a mode, or undefined for `"none"`; `attachExposures` and the events client listen with it. */
export function exposureRecorder(
  client: SwitchboardClient,
  sink: ItemSink,
  options: ExposureOptions = {},
): ExposureRecorder | undefined {
  const mode = options.exposures ?? "experiments";
  if (mode === "none") return undefined;
  const seen = new LruSet<string>(options.dedupSize ?? 10_000);
  const environment = options.environment ?? client.options.environment;
  const release = options.release ?? client.options.release;
  return (record, variation) => {
    const served = servedUnit(record, mode, variation);
    if (served === undefined) return;
    if (!seen.add(`${served.unit}|${record.flagKey}|${served.variation}|${record.result.ruleId}`)) return;
    const exposure = buildExposure(record, served);
    if (environment !== undefined) exposure.environment = environment;
    if (release !== undefined) exposure.release = release;
    sink.enqueue(exposure);
  };
}

/** Records an exposure for each served variation the mode selects, once per process per unit|flag|variation|rule; returns a detach function. */
export function attachExposures(client: SwitchboardClient, sink: ItemSink, options: ExposureOptions = {}): () => void {
  const record = exposureRecorder(client, sink, options);
  if (record === undefined) return () => undefined;
  return client.addEvaluationListener((evaluation) => record(evaluation, variationOf(evaluation.result)));
}

interface ServedUnit {
  unit: string;
  hashAttribute: string;
  variation: string;
}

/** Which unit got which variation, or undefined when the mode skips the evaluation or no unit is known. */
function servedUnit(
  record: EvaluationRecord,
  mode: ExposureMode,
  variation: string | undefined,
): ServedUnit | undefined {
  const { result } = record;
  if (mode === "none" || result.errorCode !== undefined || result.source === "override") return undefined;
  if (mode === "experiments" ? !result.inExperiment : result.ruleId === "") return undefined;
  if (variation === undefined) return undefined;
  const hashAttribute = result.experimentResult?.hashAttribute ?? "id";
  const unit = unitOf(result, record.context[hashAttribute]);
  return unit === undefined ? undefined : { unit, hashAttribute, variation };
}

function buildExposure(record: EvaluationRecord, served: ServedUnit): Exposure {
  const exposure: Exposure = {
    type: "exposure",
    id: itemId(),
    ts: isoTime(Date.now()),
    unit: served.unit,
    hashAttribute: served.hashAttribute,
    flag: record.flagKey,
    variation: served.variation,
    ruleId: record.result.ruleId,
    inExperiment: record.result.inExperiment,
  };
  if (record.result.experiment !== undefined) exposure.experiment = record.result.experiment.key;
  return exposure;
}

function unitOf(result: FeatureResult, attribute: unknown): string | undefined {
  const hashed = result.experimentResult?.hashValue ?? result.hashValue ?? attribute;
  if (typeof hashed === "string") return hashed === "" ? undefined : hashed;
  if (typeof hashed === "number" || typeof hashed === "boolean") return String(hashed);
  return undefined;
}
