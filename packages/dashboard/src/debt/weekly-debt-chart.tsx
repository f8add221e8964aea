import type { DebtBoard } from "@switchboard/core";

const WIDTH = 480;
const HEIGHT = 90;

/** Debt over time: the number of candidates at the end of each of the last 12 weeks, as bars. */
export function WeeklyDebtChart({ weekly }: { weekly: DebtBoard["weekly"] }) {
  const max = Math.max(1, ...weekly.map((w) => w.total));
  const bar = WIDTH / Math.max(1, weekly.length);
  const latest = weekly.at(-1)?.total ?? 0;
  const first = weekly[0]?.total ?? 0;
  const trend = latest > first ? "growing" : latest < first ? "shrinking" : "flat";
  return (
    <figure className="card debt-weekly" data-testid="debt-weekly">
      <figcaption>
        Debt candidates per week (12 weeks): {first} → {latest}, {trend}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + 16}`}
        width={WIDTH}
        height={HEIGHT + 16}
        role="img"
        aria-label={`Weekly debt totals: ${weekly.map((w) => w.total).join(", ")}`}
      >
        {weekly.map((w, i) => {
          const h = (w.total / max) * HEIGHT;
          return (
            <g key={w.weekEnding}>
              <rect x={i * bar + 2} y={HEIGHT - h} width={bar - 4} height={h} className="debt-bar">
                <title>{`${w.weekEnding.slice(0, 10)}: ${w.total}`}</title>
              </rect>
              <text x={i * bar + bar / 2} y={HEIGHT + 12} textAnchor="middle" className="debt-bar-label">
                {w.total}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
