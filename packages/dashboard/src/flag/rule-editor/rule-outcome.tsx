import type { Rule } from "@switchboard/core";
import { WeightSliders } from "./weight-sliders.js";
import { pointsFromWeights, weightsFromPoints } from "./weights.js";

/** What a rule serves: a variation (with a share for ramps), or an experiment's variations and split. */
export function RuleOutcome({
  rule,
  variations,
  readOnly,
  onChange,
}: {
  rule: Rule;
  variations: readonly string[];
  readOnly: boolean;
  onChange(rule: Rule): void;
}) {
  if (rule.kind === "experiment") {
    const toggle = (variation: string, on: boolean) => {
      const picked = variations.filter((v) => (v === variation ? on : rule.variations.includes(v)));
      const weights = weightsFromPoints(pointsFromWeights(undefined, picked.length));
      onChange({ ...rule, variations: picked, weights });
    };
    return (
      <>
        <label>
          Experiment key
          <input value={rule.key} readOnly={readOnly} onChange={(e) => onChange({ ...rule, key: e.target.value })} />
        </label>
        <fieldset className="experiment-variations">
          <legend>Variations in the experiment</legend>
          {variations.map((v) => (
            <label className="check" key={v}>
              <input
                type="checkbox"
                checked={rule.variations.includes(v)}
                disabled={readOnly || (rule.variations.length === 1 && rule.variations.includes(v))}
                onChange={(e) => toggle(v, e.target.checked)}
              />
              {v}
            </label>
          ))}
        </fieldset>
        <WeightSliders
          variations={rule.variations}
          weights={rule.weights}
          readOnly={readOnly}
          onChange={(weights) => onChange({ ...rule, weights })}
        />
      </>
    );
  }
  return (
    <>
      <label>
        Serve
        <select value={rule.serve} disabled={readOnly} onChange={(e) => onChange({ ...rule, serve: e.target.value })}>
          {[...new Set([...variations, rule.serve])].map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      {(rule.kind === "ramp" || rule.percent !== undefined) && (
        <PercentSlider
          percent={rule.percent ?? 100}
          readOnly={readOnly}
          onChange={(percent) => onChange({ ...rule, percent })}
        />
      )}
    </>
  );
}

function PercentSlider({
  percent,
  readOnly,
  onChange,
}: {
  percent: number;
  readOnly: boolean;
  onChange(percent: number): void;
}) {
  return (
    <div className="weight-line">
      <span className="weight-name">to</span>
      <input
        type="range"
        aria-label="Share of matching units"
        min={0}
        max={100}
        step={1}
        value={percent}
        disabled={readOnly}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <input
        type="number"
        className="weight-number"
        aria-label="Percent of matching units"
        min={0}
        max={100}
        step={0.1}
        value={percent}
        readOnly={readOnly}
        onChange={(e) => {
          if (e.target.value !== "" && Number.isFinite(Number(e.target.value))) onChange(Number(e.target.value));
        }}
      />
      <output>{percent}% of them</output>
    </div>
  );
}
