import { ANALYSIS_METHODS, RESULT_CORRECTIONS } from "@switchboard/core";
import type { AnalysisChoice } from "./analysis-query.js";

const METHOD_LABEL: Record<AnalysisChoice["method"], string> = {
  frequentist: "frequentist (fixed horizon)",
  bayesian: "Bayesian (chance to win)",
  sequential: "sequential (safe to peek)",
};
const CORRECTION_LABEL: Record<AnalysisChoice["correction"], string> = {
  none: "none",
  holm: "Holm–Bonferroni",
  bh: "Benjamini–Hochberg",
};

/** Method, CUPED, correction and phase: each maps to one query parameter of the results API. */
export function AnalysisControls({
  choice,
  phases,
  onChange,
}: {
  choice: AnalysisChoice;
  phases: number;
  onChange(next: AnalysisChoice): void;
}) {
  return (
    <form className="inline-form analysis-controls" aria-label="Analysis" onSubmit={(e) => e.preventDefault()}>
      <label>
        Method
        <select
          value={choice.method}
          onChange={(e) => onChange({ ...choice, method: e.target.value as AnalysisChoice["method"] })}
        >
          {ANALYSIS_METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABEL[m]}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={choice.cuped}
          onChange={(e) => onChange({ ...choice, cuped: e.target.checked })}
        />
        CUPED
      </label>
      <label>
        Correction
        <select
          value={choice.correction}
          onChange={(e) => onChange({ ...choice, correction: e.target.value as AnalysisChoice["correction"] })}
        >
          {RESULT_CORRECTIONS.map((c) => (
            <option key={c} value={c}>
              {CORRECTION_LABEL[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Phase
        <select
          value={choice.phase === null ? "" : String(choice.phase)}
          onChange={(e) => onChange({ ...choice, phase: e.target.value === "" ? null : Number(e.target.value) })}
        >
          <option value="">latest</option>
          {Array.from({ length: phases }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              phase {n}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
