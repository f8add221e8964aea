import type { ExperimentMeta, FlagDocument, StoredDocument } from "@switchboard/core";
import { ApiError } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { experimentKeysOf } from "./experiment-keys.js";

/**
 * Every experiment the flag runs, one card each: what it is for and how it is judged (hypothesis, metrics,
 * guardrails, each linking to its definition) and where its results are (the split it runs in `env`).
 */
export function FlagExperiments({ doc, env }: { doc: FlagDocument; env: string }) {
  const splits = new Map(
    (doc.body.environments?.[env]?.rules ?? []).flatMap((rule) =>
      rule.kind === "experiment" ? [[rule.key, rule.variations.join(" / ")] as const] : [],
    ),
  );
  return (
    <>
      {experimentKeysOf(doc.body, env).map((key) => (
        <ExperimentCard key={key} experimentKey={key} env={env} split={splits.get(key)} />
      ))}
    </>
  );
}

function ExperimentCard({
  experimentKey,
  env,
  split,
}: {
  experimentKey: string;
  env: string;
  /** The variations it splits between in `env`; undefined when it runs only in other environments. */
  split: string | undefined;
}) {
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
      <p className="experiment-results" data-testid="experiment-results">
        {split === undefined ? (
          <span className="muted">Not running in {env}.</span>
        ) : (
          <>
            <Link href={`/experiments/${encodeURIComponent(experimentKey)}?env=${encodeURIComponent(env)}`}>
              Results of {experimentKey}
            </Link>{" "}
            <span className="muted">
              in {env} ({split})
            </span>
          </>
        )}
      </p>
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
        <dd>{primary === undefined ? "—" : <Link href={`/metrics/${encodeURIComponent(primary)}`}>{primary}</Link>}</dd>
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
          <Link href={`/metrics/${encodeURIComponent(name)}`}>{name}</Link>
        </li>
      ))}
    </ul>
  );
}
