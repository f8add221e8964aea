import type { ExperimentResults, ListAnswer, Metric, StoredDocument } from "@switchboard/core";
import { useEffect } from "react";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { AnalysisControls } from "./analysis-controls.js";
import { analysisFromUrl, analysisToUrl, resultsPath } from "./analysis-query.js";
import { type ResultsScope, unitsLink } from "./explorer-links.js";
import { GuardrailList } from "./guardrail-list.js";
import { MetricTable } from "./metric-table.js";
import { MetricsUsed } from "./metrics-used.js";
import { formatCount } from "./result-format.js";
import { SrmBanner } from "./srm-banner.js";

/** One experiment's results: the summary, the SRM check, guardrail verdicts and a table per metric. */
export function ExperimentPage({ experimentKey }: { experimentKey: string }) {
  const { query } = useLocation();
  const choice = analysisFromUrl(query);
  const results = useApi<ExperimentResults>(resultsPath(experimentKey, choice));
  const metrics = useApi<ListAnswer<StoredDocument<Metric>>>("/metrics");
  useEffect(() => {
    document.title = `${experimentKey} · results · Switchboard`;
  }, [experimentKey]);
  const r = results.data;
  return (
    <article aria-labelledby="experiment-title">
      <p className="crumbs">
        {r?.flag != null ? (
          <Link href={`/flags/${encodeURIComponent(r.flag)}?env=${encodeURIComponent(choice.environment)}`}>
            {r.flag}
          </Link>
        ) : (
          <Link href="/flags">Flags</Link>
        )}{" "}
        /
      </p>
      <div className="page-head">
        <h1 id="experiment-title">{experimentKey}</h1>
        <span className="muted">experiment results · {choice.environment}</span>
      </div>
      <AnalysisControls
        choice={choice}
        phases={r?.phase?.phases ?? 1}
        onChange={(next) => navigate(analysisToUrl(experimentKey, next), { replace: true })}
      />
      <ErrorNote error={results.error} />
      {r === undefined ? (
        results.error === null && <p className="loading">Loading results…</p>
      ) : (
        <Results results={r} definitions={metrics.data?.items ?? []} />
      )}
      <MetricsUsed experimentKey={experimentKey} definitions={metrics.data?.items} />
    </article>
  );
}

function Results({ results: r, definitions }: { results: ExperimentResults; definitions: StoredDocument<Metric>[] }) {
  const scope: ResultsScope | null =
    r.phase === null
      ? null
      : { experiment: r.experiment, flag: r.flag, environment: r.environment, start: r.phase.start, end: r.phase.end };
  return (
    <>
      {r.phase !== null && (
        <p className="muted" data-testid="phase">
          Phase {r.phase.index} of {r.phase.phases}:{" "}
          <time dateTime={r.phase.start}>{new Date(r.phase.start).toLocaleString()}</time> to{" "}
          {r.phase.end === null ? "now" : <time dateTime={r.phase.end}>{new Date(r.phase.end).toLocaleString()}</time>}{" "}
          · {formatCount(r.units.total)} units
          {r.units.multipleVariations > 0 &&
            ` (${formatCount(r.units.multipleVariations)} saw more than one variation and are left out)`}{" "}
          · {r.method}
          {r.correction === "none" ? "" : `, ${r.correction} correction`} · {Math.round(r.confidenceLevel * 100)}%
          intervals
        </p>
      )}
      {r.notEnoughData !== null ? (
        <NoResults results={r} scope={scope} />
      ) : (
        <>
          <SrmBanner srm={r.srm} />
          <section className="card summary" aria-label="Summary">
            <h2>Summary</h2>
            <p data-testid="summary">{r.summary}</p>
          </section>
          {r.guardrails.length > 0 && <GuardrailList guardrails={r.guardrails} />}
          {r.undefinedMetrics.length > 0 && (
            <p className="warn-note">
              No definition for {r.undefinedMetrics.join(", ")}: define them on the <Link href="/metrics">Metrics</Link>{" "}
              page, under /api/v1/metrics or in the flag set file.
            </p>
          )}
          {scope !== null &&
            r.control !== null &&
            r.metrics.map((m) => (
              <MetricTable
                key={m.metric}
                result={m}
                definition={definitions.find((d) => d.key === m.metric)?.body}
                tolerance={r.guardrails.find((g) => g.metric === m.metric)?.tolerance}
                scope={scope}
                method={r.method}
                control={r.control ?? ""}
              />
            ))}
        </>
      )}
    </>
  );
}

/** Why there is nothing to show yet, with the counts and the next step. */
function NoResults({ results: r, scope }: { results: ExperimentResults; scope: ResultsScope | null }) {
  const observed = Object.entries(r.srm.observed);
  const title = r.phase === null ? "This experiment has not run yet" : "No exposures yet";
  return (
    <EmptyState title={title}>
      <p data-testid="not-enough-data">Not enough data: {r.notEnoughData}.</p>
      {observed.length > 0 && (
        <p>
          Units so far: {observed.map(([variation, n]) => `${variation} ${formatCount(n)}`).join(", ")}
          {r.units.multipleVariations > 0 && `; ${formatCount(r.units.multipleVariations)} saw more than one`}.
        </p>
      )}
      {r.phase === null ? (
        <p>
          Add an <code>experiment</code> rule with the key <code>{r.experiment}</code> to a flag in {r.environment} and
          enable it; results start at that activation.
        </p>
      ) : (
        <p>
          An SDK records an exposure when it serves a unit a variation of the experiment's rule; send them to{" "}
          <code>POST /api/v1/events</code> (the SDKs do this for you).{" "}
          {scope !== null && r.control !== null && (
            <Link href={unitsLink(scope, r.control)}>See the exposure records</Link>
          )}
        </p>
      )}
    </EmptyState>
  );
}
