import { percentText, pointsFromWeights, rebalance, TOTAL_POINTS, weightsFromPoints } from "./weights.js";

/** One slider per variation of an experiment; moving one rebalances the others so the split stays at 100%. */
export function WeightSliders({
  variations,
  weights,
  onChange,
  readOnly,
}: {
  variations: readonly string[];
  weights: readonly number[] | undefined;
  onChange(weights: number[]): void;
  readOnly: boolean;
}) {
  const points = pointsFromWeights(weights, variations.length);
  const total = points.reduce((sum, p) => sum + p, 0);
  const set = (at: number, value: number) => onChange(weightsFromPoints(rebalance(points, at, value)));
  return (
    <fieldset className="weight-sliders">
      <legend>Split (always 100%)</legend>
      {variations.map((variation, at) => (
        <div className="weight-line" key={variation}>
          <span className="weight-name">{variation}</span>
          <input
            type="range"
            aria-label={`Weight of ${variation}`}
            min={0}
            max={TOTAL_POINTS}
            step={100}
            value={points[at] ?? 0}
            disabled={readOnly}
            aria-valuetext={percentText(points[at] ?? 0)}
            onChange={(e) => set(at, Number(e.target.value))}
          />
          <input
            type="number"
            className="weight-number"
            aria-label={`Percent for ${variation}`}
            min={0}
            max={100}
            step={0.01}
            value={(points[at] ?? 0) / 100}
            readOnly={readOnly}
            onChange={(e) => {
              const percent = Number(e.target.value);
              if (e.target.value !== "" && Number.isFinite(percent)) set(at, Math.round(percent * 100));
            }}
          />
          <output data-testid={`weight-${variation}`}>{percentText(points[at] ?? 0)}</output>
        </div>
      ))}
      <p className="muted" data-testid="weights-total">
        Total {percentText(total)}
      </p>
    </fieldset>
  );
}
