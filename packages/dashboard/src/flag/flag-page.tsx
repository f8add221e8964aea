import type { FlagDocument, ListAnswer, StoredDocument } from "@switchboard/core";
import { useEffect } from "react";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { DebtBadge } from "../debt/debt-badge.js";
import { orderEnvironments } from "../flags/environment-order.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { ActivationControls } from "./activation-controls.js";
import { ExposuresChart } from "./exposures-chart.js";
import { FlagAlerts } from "./flag-alerts.js";
import { FlagExperiments } from "./flag-experiments.js";
import { FlagHistory } from "./flag-history.js";
import { RulesEditor } from "./rules-editor.js";
import { Schedules } from "./schedules.js";

/** One flag: its variations, and per environment its activations, rules, schedules and history. */
export function FlagPage({ flagKey }: { flagKey: string }) {
  const { query } = useLocation();
  const flag = useApi<FlagDocument>(`/flags/${encodeURIComponent(flagKey)}`);
  const environments = useApi<ListAnswer<StoredDocument<unknown>>>("/environments");
  const names = orderEnvironments(
    (environments.data?.items ?? []).map((e) => e.key),
    Object.keys(flag.data?.body.environments ?? {}),
  );
  const env = query.get("env") ?? (names.includes("production") ? "production" : (names[0] ?? "production"));
  useEffect(() => {
    document.title = `${flagKey} · Switchboard`;
  }, [flagKey]);
  if (flag.error !== null && flag.data === undefined) return <ErrorNote error={flag.error} />;
  const doc = flag.data;
  if (doc === undefined) return <p className="loading">Loading {flagKey}…</p>;
  const body = doc.body;
  const variations = (
    body.variations ?? [
      { key: "off", value: false },
      { key: "on", value: true },
    ]
  ).map((v) => v.key);
  return (
    <article aria-labelledby="flag-title">
      <p className="crumbs">
        <Link href="/flags">Flags</Link> /
      </p>
      <div className="page-head">
        <h1 id="flag-title">{doc.key}</h1>
        <DebtBadge flagKey={doc.key} />
        <span className="muted">
          {body.type} · version {doc.version} · owner {body.owner ?? "—"}
        </span>
      </div>
      {body.description !== undefined && <p>{body.description}</p>}
      <section aria-labelledby="variations-title" className="card">
        <h2 id="variations-title">Variations</h2>
        <ul className="variations">
          {(
            body.variations ?? [
              { key: "off", value: false },
              { key: "on", value: true },
            ]
          ).map((v) => (
            <li key={v.key}>
              <code>{v.key}</code> = <code>{JSON.stringify(v.value)}</code>
              {v.key === body.defaultVariation && <span className="tag">default</span>}
            </li>
          ))}
        </ul>
      </section>
      <FlagExperiments doc={doc} env={env} />
      <div role="tablist" aria-label="Environment" className="tabs">
        {names.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={name === env}
            onClick={() =>
              navigate(`/flags/${encodeURIComponent(flagKey)}?env=${encodeURIComponent(name)}`, { replace: true })
            }
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={env}>
        <ActivationControls doc={doc} env={env} onChanged={flag.reload} />
        <RulesEditor doc={doc} env={env} onSaved={flag.reload} />
        <Schedules flagKey={doc.key} env={env} version={doc.version} />
        <ExposuresChart key={env} flagKey={doc.key} env={env} variations={variations} />
      </div>
      <FlagAlerts flagKey={doc.key} />
      <FlagHistory flagKey={doc.key} version={doc.version} />
    </article>
  );
}
