import type { BenchSuite } from "../lib/bench-types.js";
import { runAnalysisBench } from "./analysis-bench.js";

/** Experiment results from 1M exposed units and 20M events: our compiler + statistics vs hand-written SQL. */
export const analysisSuite: BenchSuite = {
  prefix: "analysis",
  benches: [
    {
      name: "analysis.units1m",
      description:
        "experiment results, 1,000,000 units, 20,000,000 events, 3 metrics (switchboard vs hand-written SQL, ms; stats share of the total)",
      run: (reporter) => runAnalysisBench("analysis.units1m", reporter),
    },
  ],
};
