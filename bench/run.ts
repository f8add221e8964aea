import type { Reporter } from "./lib/bench-types.js";
import { formatMeasurement, type Measurement } from "./lib/measurement.js";
import { allBenches, selectBenches, suites } from "./registry.js";

/** Runs the benchmarks named on the command line: figures as JSON lines on stdout, everything else on stderr. */
async function main(patterns: readonly string[]): Promise<number> {
  const { selected, unmatched } = selectBenches(patterns);
  if (unmatched.length > 0) {
    const known = allBenches()
      .map((bench) => bench.name)
      .join(", ");
    process.stderr.write(`unknown benchmark ${unmatched.join(", ")}; known: ${known}\n`);
    return 2;
  }
  const measurements: Measurement[] = [];
  const reporter: Reporter = {
    emit(measurement) {
      measurements.push(measurement);
      process.stdout.write(`${formatMeasurement(measurement)}\n`);
    },
    note(text) {
      process.stderr.write(`${text}\n`);
    },
  };
  let failures = 0;
  for (const bench of selected) {
    const startedMs = performance.now();
    reporter.note(`# ${bench.name}: ${bench.description}`);
    try {
      await bench.run(reporter);
    } catch (error: unknown) {
      failures++;
      reporter.note(
        `!! ${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    reporter.note(`# ${bench.name} took ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
  }
  for (const suite of suites) {
    if (suite.summarize && selected.some((bench) => bench.name.startsWith(suite.prefix))) {
      reporter.note(suite.summarize(measurements));
    }
  }
  return failures === 0 ? 0 : 1;
}

// Exit explicitly: a benchmarked library may leave timers behind, and the bench must never hang.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
