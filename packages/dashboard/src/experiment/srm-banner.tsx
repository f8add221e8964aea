import type { ExperimentResults } from "@switchboard/core";
import { formatCount, formatPValue } from "./result-format.js";

/** The sample-ratio check: a red banner saying what a mismatch means and what to do; a quiet line otherwise. */
export function SrmBanner({ srm }: { srm: ExperimentResults["srm"] }) {
  if (!srm.mismatch) {
    return (
      <p className="muted" data-testid="srm-ok">
        {srm.message}
      </p>
    );
  }
  return (
    <div className="srm-banner" role="alert" data-testid="srm-banner">
      <h2>
        <span aria-hidden="true">⚠</span> Sample ratio mismatch (p {formatPValue(srm.pValue)})
      </h2>
      <p>
        The units did not split the way the rule's weights say, so the variations are not comparable groups and{" "}
        <strong>every result below is suspect</strong>.
      </p>
      <table className="srm-table">
        <thead>
          <tr>
            <th scope="col">Variation</th>
            <th scope="col">Expected</th>
            <th scope="col">Observed</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(srm.observed).map(([variation, observed]) => (
            <tr key={variation}>
              <th scope="row">{variation}</th>
              <td className="num">{formatCount(srm.expected[variation] ?? 0)}</td>
              <td className="num">{formatCount(observed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        What to do: do not ship on these numbers. Look for exposures lost or logged selectively (an SDK that records the
        exposure after a redirect or only on success), bots, or a split changed mid-phase; fix the cause and start a new
        phase.
      </p>
    </div>
  );
}
