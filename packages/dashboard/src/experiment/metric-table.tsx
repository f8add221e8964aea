import type { Metric, MetricResult } from "@switchboard/core";
import { Link } from "../ui/link.js";
import { comparisonLink, type ResultsScope, unitsLink, valueLink } from "./explorer-links.js";
import { IntervalBar } from "./interval-bar.js";
import { barDomain, toleranceEdge } from "./interval-bar-geometry.js";
import {
  formatAbsolute,
  formatChance,
  formatCostPerDay,
  formatCount,
  formatDaysUntil,
  formatInterval,
  formatPValue,
  formatRelative,
  formatValue,
} from "./result-format.js";
import { variationVerdict } from "./verdict.js";

const KIND_VALUE: Record<string, string> = { proportion: "rate", mean: "mean", ratio: "ratio", quantile: "quantile" };

/** One metric's table: a row per variation, every number a link to the explorer's raw events behind it. */
export function MetricTable({
  result,
  definition,
  scope,
  method,
  control,
  tolerance: guardrailTolerance,
}: {
  result: MetricResult;
  definition: Metric | undefined;
  scope: ResultsScope;
  method: string;
  control: string;
  /** The guardrail's tolerance as the results judged it (the definition's, when the results carry none). */
  tolerance?: number | undefined;
}) {
  const tolerance = toleranceEdge(
    result.role === "guardrail" ? (guardrailTolerance ?? definition?.tolerance) : undefined,
    result.direction,
  );
  const domain = barDomain([
    ...result.variations.flatMap((v) => (v.change === null ? [] : [v.change.ciLow, v.change.ciHigh])),
    tolerance,
  ]);
  const bayesian = method === "bayesian";
  const titleId = `metric-${result.metric}`;
  return (
    <section className="card metric-result" aria-labelledby={titleId} data-testid={`metric-${result.metric}`}>
      <h3 id={titleId}>
        {result.metric} <span className="tag">{result.role}</span>{" "}
        <span className="muted">
          {result.kind} · {result.direction} is better
          {tolerance === null ? "" : ` · tolerance ${formatRelative(tolerance)}`}
        </span>
      </h3>
      {definition?.description !== undefined && <p className="muted">{definition.description}</p>}
      <table className="result-table">
        <thead>
          <tr>
            <th scope="col">Variation</th>
            <th scope="col">Units</th>
            <th scope="col">{KIND_VALUE[result.kind] ?? "value"}</th>
            <th scope="col">Change</th>
            <th scope="col">Relative change and interval</th>
            <th scope="col">{bayesian ? "Chance to win" : "p-value"}</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {result.variations.map((v) => {
            const verdict = variationVerdict(v, result.direction);
            const compare = comparisonLink(scope, definition, [control, v.variation]);
            return (
              <tr
                key={v.variation}
                className={`tone-${verdict.tone}`}
                data-testid="result-row"
                data-variation={v.variation}
              >
                <th scope="row">{v.variation}</th>
                <td className="num">
                  <Link href={unitsLink(scope, v.variation)} title="The exposure records of this variation">
                    {formatCount(v.units)}
                  </Link>
                </td>
                <td className="num">
                  <Link href={valueLink(scope, definition, v.variation)} title="The events behind this value">
                    {formatValue(result.kind, v.value)}
                  </Link>
                </td>
                {v.change === null ? (
                  <td colSpan={3} className="muted">
                    {v.notEnoughData?.message ?? (v.variation === control ? "baseline" : "—")}
                  </td>
                ) : (
                  <>
                    <td className="num">
                      <Link href={compare}>{formatAbsolute(result.kind, v.change.absolute)}</Link>
                      {formatCostPerDay(v.costPerDay) !== null && (
                        <span className="muted small cost" data-testid="cost-per-day">
                          {formatCostPerDay(v.costPerDay)}
                        </span>
                      )}
                    </td>
                    <td className="interval-cell">
                      <Link href={compare} className="relative">
                        {formatRelative(v.change.relative)} {formatInterval(v.change.ciLow, v.change.ciHigh)}
                      </Link>
                      <IntervalBar change={v.change} domain={domain} tolerance={tolerance} verdict={verdict} />
                    </td>
                    <td className="num">
                      <Link href={compare}>{bayesian ? formatChance(v.chanceToWin) : formatPValue(v.pValue)}</Link>
                    </td>
                  </>
                )}
                <td className={`verdict tone-${verdict.tone}`} data-testid="verdict">
                  <span aria-hidden="true">{verdict.glyph}</span> {verdict.word}
                  {v.varianceReduction !== undefined && v.varianceReduction > 0 && (
                    <span className="muted small"> · CUPED −{Math.round(v.varianceReduction * 100)}% variance</span>
                  )}
                  {verdict.tone === "inconclusive" && formatDaysUntil(v.daysUntilDetectable) !== null && (
                    <span className="muted small"> · {formatDaysUntil(v.daysUntilDetectable)}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
