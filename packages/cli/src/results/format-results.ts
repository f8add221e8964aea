import type { ExperimentResults, VariationResult } from "@switchboard/core";
import { formatTable } from "../events/format-table.js";

const COLUMNS = ["metric", "variation", "units", "value", "change", "interval", "p / win", "verdict"];

/** Experiment results for people: the SRM line, one table row per metric and variation, guardrails, the summary. */
export function formatResults(results: ExperimentResults): string {
  const lines: string[] = [];
  const phase = results.phase;
  const window =
    phase === null ? "never ran" : `phase ${phase.index} of ${phase.phases}, ${phase.start} → ${phase.end ?? "now"}`;
  lines.push(
    `${results.experiment} in ${results.environment} (${window}; ${results.method}, correction ${results.correction})`,
  );
  if (results.srm.mismatch) lines.push(`!! SAMPLE RATIO MISMATCH: ${results.srm.message}`);
  lines.push(
    `units: ${results.units.total} (+${results.units.multipleVariations} in more than one variation, left out)`,
  );
  const rows = results.metrics.flatMap((metric) =>
    metric.variations.map((variation) => row(`${metric.metric} (${metric.role})`, variation, metric.direction)),
  );
  if (rows.length > 0) lines.push("", formatTable(COLUMNS, rows));
  for (const verdict of results.guardrails)
    lines.push(`guardrail ${verdict.verdict.toUpperCase()}: ${verdict.message}`);
  if (results.undefinedMetrics.length > 0)
    lines.push(`metrics without a definition: ${results.undefinedMetrics.join(", ")}`);
  lines.push("", results.summary);
  return lines.join("\n");
}

function row(metric: string, variation: VariationResult, direction: "higher" | "lower"): unknown[] {
  const change = variation.change;
  const percent = (share: number) => `${share >= 0 ? "+" : ""}${(share * 100).toFixed(1)}%`;
  const evidence =
    variation.pValue !== null
      ? `p=${variation.pValue.toPrecision(3)}`
      : variation.chanceToWin !== null
        ? `${(variation.chanceToWin * 100).toFixed(1)}%`
        : "";
  return [
    metric,
    variation.variation,
    variation.units,
    variation.value,
    change === null ? (variation.notEnoughData ? "not enough data" : "control") : percent(change.relative),
    change === null ? "" : `[${percent(change.ciLow)}, ${percent(change.ciHigh)}]`,
    evidence,
    verdictWord(variation, direction),
  ];
}

// Words, not colours: readable by everyone and in any terminal.
function verdictWord(variation: VariationResult, direction: "higher" | "lower"): string {
  if (variation.change === null) return "";
  if (!variation.significant) return "inconclusive";
  const better = direction === "higher" ? variation.change.relative > 0 : variation.change.relative < 0;
  return better ? "better" : "worse";
}
