import type { Measurement } from "./measurement.js";

/** Receives figures as soon as a benchmark has them; `note` is human progress text (stderr). */
export interface Reporter {
  emit(measurement: Measurement): void;
  note(text: string): void;
}

/** One named benchmark, selectable on the command line by a prefix of its name. */
export interface BenchDefinition {
  /** Stable name from the output contract, e.g. `eval.w2`. */
  name: string;
  description: string;
  run(reporter: Reporter): Promise<void>;
}

/** A family of benchmarks sharing a name prefix and an optional human summary of their figures. */
export interface BenchSuite {
  prefix: string;
  benches: readonly BenchDefinition[];
  /** Renders a human table (stderr) from every figure the run produced; called once after all benchmarks. */
  summarize?(measurements: readonly Measurement[]): string;
}
