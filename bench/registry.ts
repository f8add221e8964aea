import { analysisSuite } from "./analysis/analysis-suite.js";
import { detectionSuite } from "./detection/detection-suite.js";
import { evalSuite } from "./eval/eval-suite.js";
import { ingestSuite } from "./ingest/ingest-suite.js";
import type { BenchDefinition, BenchSuite } from "./lib/bench-types.js";
import { querySuite } from "./query/query-suite.js";
import { scanSuite } from "./scan/scan-suite.js";
import { sdkSuite } from "./sdk-overhead/sdk-suite.js";
import { sdkSizeSuite } from "./sdk-size/sdk-size-suite.js";
import { restartSuite } from "./server/restart-suite.js";
import { apiSuite, propagationSuite } from "./server/server-suites.js";
import { soakSuite } from "./soak/soak-suite.js";
import { trafficSuite } from "./traffic/traffic-suite.js";

/** Every benchmark suite; a new family (api.payload, ingest, query.*, traffic.*) plugs in by adding its suite here. */
export const suites: readonly BenchSuite[] = [
  evalSuite,
  propagationSuite,
  restartSuite,
  apiSuite,
  sdkSizeSuite,
  sdkSuite,
  ingestSuite,
  querySuite,
  trafficSuite,
  detectionSuite,
  analysisSuite,
  soakSuite,
  scanSuite,
];

/** All registered benchmarks in run order. */
export function allBenches(): BenchDefinition[] {
  return suites.flatMap((suite) => suite.benches);
}

/** Benchmarks whose name starts with any of the patterns (all of them when there is none), plus unmatched patterns. */
export function selectBenches(patterns: readonly string[]): { selected: BenchDefinition[]; unmatched: string[] } {
  const benches = allBenches();
  if (patterns.length === 0) return { selected: benches, unmatched: [] };
  const selected = benches.filter((bench) => patterns.some((pattern) => bench.name.startsWith(pattern)));
  const unmatched = patterns.filter((pattern) => !benches.some((bench) => bench.name.startsWith(pattern)));
  return { selected, unmatched };
}
