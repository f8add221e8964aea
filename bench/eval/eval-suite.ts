import type { BenchSuite } from "../lib/bench-types.js";
import { runEvalLoad, runEvalWorkload } from "./eval-runs.js";
import { summarizeEval } from "./eval-summary.js";

/** The evaluator benchmarks: W1–W3 per-call cost against peers and a floor, and payload load cost. */
export const evalSuite: BenchSuite = {
  prefix: "eval",
  benches: [
    {
      name: "eval.w1",
      description: "one boolean flag on for everyone (ns per evaluation)",
      run: (reporter) => runEvalWorkload("w1", reporter),
    },
    {
      name: "eval.w2",
      description: "5% of jp + macOS users, sticky by id (ns per evaluation)",
      run: (reporter) => runEvalWorkload("w2", reporter),
    },
    {
      name: "eval.w3",
      description: "A/B/C 34/33/33 on id plus a 1,000-id allow-list to B (ns per evaluation)",
      run: (reporter) => runEvalWorkload("w3", reporter),
    },
    {
      name: "eval.load",
      description: "load a 10,000-flag payload from its wire text (ms, retained heap MB)",
      run: runEvalLoad,
    },
  ],
  summarize: summarizeEval,
};
