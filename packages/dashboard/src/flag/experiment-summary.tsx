import type { ExperimentMeta, StoredDocument } from "@switchboard/core";
import { ApiError } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote } from "../ui/status.js";

/** What each experiment the flag runs is for and how it is judged: hypothesis, metrics, guardrails. */
export function ExperimentSummaries({ keys }: { keys: readonly string[] }) {
  return (
    <>
      {keys.map((key) => (
        <ExperimentSummary key={key} experimentKey={key} />
      ))}
    </>
  );
}

function ExperimentSummary({ experimentKey }: { experimentKey: string }) {
  const experiment = useApi<StoredDocument<ExperimentMeta>>(`/experiments/${encodeURIComponent(experimentKey)}`);
  const titleId = `experiment-${experimentKey}`;
  const missing = experiment.error instanceof ApiError && experiment.error.status === 404;
  const meta = experiment.data?.body;
  return (
    <section className="card experiment" aria-labelledby={titleId} data-testid="experiment">
      <h2 id={titleId}>Experiment {experimentKey}</h2>
      {missing ? (
        <p className="hint">
          No hypothesis or metrics recorded for this experiment yet. Add them with <code>POST /api/v1/experiments</code>{" "}
          (name <code>{experimentKey}</code>) or under <code>experiments:</code> in the flag file.
        </p>
      ) : experiment.error !== null ? (
        <ErrorNote error={experiment.error} />
      ) : meta === undefined ? (
        <p className="loading">Loading {experimentKey}…</p>
      ) : (
        <ExperimentMetaView meta={meta} />
      )}
    </section>
  );
}

function ExperimentMetaView({ meta }: { meta: ExperimentMeta }) {
  const [primary, ...secondary] = meta.metrics ?? [];
  const policy = meta.autoDisable;
  return (
    <>
      <p className="hypothesis">
        <span className="muted">Hypothesis: </span>
        {meta.hypothesis ?? <em>none written down</em>}
      </p>
      {meta.description !== undefined && <p>{meta.description}</p>}
      <dl className="experiment-meta">
        <dt>Primary metric</dt>
        <dd>{primary === undefined ? "—" : <code>{primary}</code>}</dd>
        <dt>Secondary metrics</dt>
        <dd>{namesOf(secondary)}</dd>
        <dt>Guardrails</dt>
        <dd>{namesOf(meta.guardrails ?? [])}</dd>
        {policy !== undefined && (
          <>
            <dt>Turns itself off</dt>
            <dd>
              {policy.guardrail === undefined ? "on a guardrail" : <code>{policy.guardrail}</code>}
              {policy.threshold === undefined ? "" : ` beyond ${policy.threshold}`}
            </dd>
          </>
        )}
        <dt>Owner</dt>
        <dd>{meta.owner ?? "—"}</dd>
      </dl>
    </>
  );
}

function namesOf(names: readonly string[]) {
  if (names.length === 0) return "—";
  return (
    <ul className="names">
      {names.map((name) => (
        <li key={name}>
          <code>{name}</code>
        </li>
      ))}
    </ul>
  );
}
