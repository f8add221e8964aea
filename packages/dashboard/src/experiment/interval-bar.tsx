import { intervalBarGeometry } from "./interval-bar-geometry.js";
import { formatInterval, formatRelative } from "./result-format.js";
import type { ResultChange } from "./result-types.js";
import type { Verdict } from "./verdict.js";

const WIDTH = 220;
const HEIGHT = 26;
const MID = HEIGHT / 2;

/**
 * A relative change's interval as a bar against zero (a solid line) and the guardrail's tolerance (a dashed line);
 * the point estimate is a diamond. The bar's colour repeats the verdict, which the cell beside it also says in words.
 */
export function IntervalBar({
  change,
  domain,
  tolerance,
  verdict,
}: {
  change: ResultChange;
  domain: number;
  tolerance: number | null;
  verdict: Verdict;
}) {
  const g = intervalBarGeometry(change, domain, WIDTH, tolerance);
  const label = `relative change ${formatRelative(change.relative)}, interval ${formatInterval(change.ciLow, change.ciHigh)}${
    tolerance === null ? "" : `, tolerance ${formatRelative(tolerance)}`
  }`;
  return (
    <svg
      className={`interval-bar tone-${verdict.tone}`}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-testid="interval-bar"
      data-low={change.ciLow}
      data-high={change.ciHigh}
    >
      <title>{label}</title>
      <line className="axis" x1={0} x2={WIDTH} y1={MID} y2={MID} />
      {g.toleranceX !== null && (
        <line
          className="tolerance"
          data-testid="tolerance-line"
          x1={g.toleranceX}
          x2={g.toleranceX}
          y1={2}
          y2={HEIGHT - 2}
        />
      )}
      <line className="zero" data-testid="zero-line" x1={g.zeroX} x2={g.zeroX} y1={1} y2={HEIGHT - 1} />
      <rect
        className="interval"
        data-testid="interval"
        x={g.lowX}
        y={MID - 5}
        width={Math.max(g.highX - g.lowX, 1)}
        height={10}
        rx={2}
      />
      {g.clippedLow && <path className="interval" d={`M0 ${MID} l6 -6 v12 z`} />}
      {g.clippedHigh && <path className="interval" d={`M${WIDTH} ${MID} l-6 -6 v12 z`} />}
      <path className="point" d={`M${g.pointX} ${MID - 6} l5 6 l-5 6 l-5 -6 z`} />
    </svg>
  );
}
