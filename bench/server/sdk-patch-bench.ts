import { compileFlagSet, type FeatureDefinition } from "@switchboard/core";
import { validatingReader } from "../../packages/sdk/src/client/payload-reader.js";
import { PayloadState } from "../../packages/sdk/src/client/payload-state.js";
import type { Reporter } from "../lib/bench-types.js";
import { measurementOf, round, summarize } from "../lib/measurement.js";
import { benchFlagSet, TOGGLED_FLAG } from "./bench-flag-set.js";

const FULL_LOADS = 15;
const PATCHES = 400;
const CONTEXT = { attributes: { id: "user-7", email: "a@example.com" } };

/**
 * The CPU an SDK spends taking one change at `flags` flags: a `patch` event of one flag into a client whose every
 * flag is compiled (then one evaluation of that flag, which compiles it), against loading the full payload into a
 * new client (then the same evaluation). Wall time per operation, median of many, in this process.
 */
export function measureSdkPatch(bench: string, flags: number, reporter: Reporter): void {
  const { flags: definitions, segments } = benchFlagSet(flags);
  const payload = compileFlagSet(
    { version: 1, environments: ["production"], segments, flags: definitions },
    "production",
  );
  const text = JSON.stringify(payload);
  const toggled = payload.features?.[TOGGLED_FLAG] as FeatureDefinition;
  // Alternating a kill and an enable, so every patch is a real change.
  const patches = [
    JSON.stringify({ features: { [TOGGLED_FLAG]: { ...toggled, disabled: true } } }),
    JSON.stringify({ features: { [TOGGLED_FLAG]: toggled } }),
  ];
  reporter.note(
    `  sdk: payload of ${flags} flags, ${(text.length / 1e6).toFixed(1)} MB; patch of ${patches[0]?.length} bytes`,
  );
  const fullUs: number[] = [];
  for (let run = 0; run < FULL_LOADS + 2; run++) {
    const state = new PayloadState(validatingReader);
    const started = performance.now();
    state.replace(text, "server");
    state.evaluator.evaluate(TOGGLED_FLAG, CONTEXT);
    if (run >= 2) fullUs.push((performance.now() - started) * 1000);
  }
  const state = new PayloadState(validatingReader);
  state.replace(text, "server");
  for (const key of state.evaluator.flagKeys) state.evaluator.evaluate(key, CONTEXT);
  const patchUs: number[] = [];
  for (let run = 0; run < PATCHES + 20; run++) {
    const started = performance.now();
    state.patch(patches[run % 2] as string, "server");
    state.evaluator.evaluate(TOGGLED_FLAG, CONTEXT);
    if (run >= 20) patchUs.push((performance.now() - started) * 1000);
  }
  const patch = summarize(patchUs).median;
  const full = summarize(fullUs).median;
  reporter.emit(measurementOf(bench, "switchboard", "sdk_patch_us", patchUs));
  reporter.emit(measurementOf(bench, "switchboard", "sdk_full_load_us", fullUs));
  const ratio = patch / full;
  reporter.emit({
    bench,
    impl: "switchboard",
    metric: "sdk_patch_ratio",
    value: round(ratio),
    runs: 1,
    min: round(ratio),
    max: round(ratio),
  });
}
