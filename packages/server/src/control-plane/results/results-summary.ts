import type { ExperimentResults, MetricResult } from "@switchboard/core";
import { formatChange, formatPercent, formatPValue } from "./format-results.js";

type SummaryInput = Pick<ExperimentResults, "srm" | "metrics" | "guardrails" | "units" | "notEnoughData" | "phase">;

/**
 * One paragraph for people: the sample-ratio warning first, then each treatment's effect on the primary metrics,
 * significant secondary effects, the guardrails, and what can be detected at the current size.
 */
export function resultsSummary(results: SummaryInput): string {
  if (results.notEnoughData !== null) return `Not enough data: ${results.notEnoughData}.`;
  const sentences: string[] = [];
  if (results.srm.mismatch) sentences.push(results.srm.message);
  const primary = results.metrics.filter((metric) => metric.role === "primary");
  for (const metric of primary) sentences.push(...primarySentences(metric));
  const secondary = results.metrics.filter((metric) => metric.role === "secondary");
  for (const metric of secondary) sentences.push(...secondarySentences(metric));
  const breached = results.guardrails.filter((verdict) => verdict.verdict === "breached");
  const atRisk = results.guardrails.filter((verdict) => verdict.verdict === "at-risk");
  if (results.guardrails.length > 0) {
    if (breached.length === 0)
      sentences.push(
        atRisk.length === 0
          ? "No guardrail breached."
          : `No guardrail breached yet; at risk: ${atRisk.map((v) => v.message).join("; ")}.`,
      );
    else sentences.push(`Guardrail breached: ${breached.map((verdict) => verdict.message).join("; ")}.`);
  }
  if (results.units.multipleVariations > 0) {
    sentences.push(`${results.units.multipleVariations} units saw more than one variation and were left out.`);
  }
  if (primary.length === 0) sentences.push("The experiment names no primary metric.");
  return sentences.join(" ");
}

function primarySentences(metric: MetricResult): string[] {
  return metric.variations.flatMap((variation) => {
    if (variation.change === null) {
      return variation.notEnoughData
        ? [`${variation.variation}: not enough data for ${metric.metric} (${variation.notEnoughData.message}).`]
        : [];
    }
    const evidence =
      variation.pValue !== null
        ? `p ${formatPValue(variation.pValue)}`
        : `chance to win ${formatPercent(variation.chanceToWin ?? 0, false)}`;
    if (variation.significant) {
      const verb = variation.change.relative >= 0 ? "raises" : "lowers";
      return [
        `${variation.variation} ${verb} ${metric.metric} by ${formatChange(variation.change).replace(/^[+−]/, "")} (${evidence}; ${judged(metric, variation.change.relative)}${costClause(variation)}).`,
      ];
    }
    const power = powerClause(variation.minimumDetectableEffect, variation.daysUntilDetectable);
    return [
      `${variation.variation} has no significant effect on ${metric.metric} (${formatChange(variation.change)}, ${evidence}${power}).`,
    ];
  });
}

function secondarySentences(metric: MetricResult): string[] {
  return metric.variations.flatMap((variation) => {
    if (variation.change === null || !variation.significant) return [];
    const verb = variation.change.relative >= 0 ? "raises" : "lowers";
    return [
      `${variation.variation} also ${verb} ${metric.metric} by ${formatChange(variation.change).replace(/^[+−]/, "")} (${judged(metric, variation.change.relative)}${costClause(variation)}).`,
    ];
  });
}

// Whether a significant change is good news, given which way the metric is better.
function judged(metric: MetricResult, relative: number): string {
  return (metric.direction === "higher") === relative >= 0 ? "better" : "worse";
}

// "; a change of 4.1% or more would be detected now; keep running about 12 more days to detect a 1.0% change".
function powerClause(
  mde: number | null | undefined,
  days: { relativeEffect: number; days: number } | null | undefined,
): string {
  const parts: string[] = [];
  if (mde !== undefined && mde !== null)
    parts.push(`a change of ${formatPercent(mde, false)} or more would be detected now`);
  if (days !== undefined && days !== null) {
    const target = formatPercent(days.relativeEffect, false);
    parts.push(
      days.days === 0
        ? `a ${target} change is already detectable`
        : `keep running about ${days.days} more days to detect a ${target} change`,
    );
  }
  return parts.length === 0 ? "" : `; ${parts.join("; ")}`;
}

// "; 41.2 CPU-hours more a day at current traffic": what a time metric's change costs if shipped to everyone.
function costClause(variation: MetricResult["variations"][number]): string {
  const cost = variation.costPerDay;
  if (cost === undefined) return "";
  const more = cost.milliseconds >= 0 ? "more" : "less";
  const amount =
    Math.abs(cost.cpuHours) >= 0.1
      ? `${Math.abs(cost.cpuHours).toFixed(1)} CPU-hours`
      : `${Math.round(Math.abs(cost.milliseconds) / 1000)} CPU-seconds`;
  return `; ${amount} ${more} a day at current traffic`;
}
