import type { ExperimentMeta, Metric, StoredDocument } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";

const ROLES = [
  { list: "metrics", label: "primary" },
  { list: "secondaryMetrics", label: "secondary" },
  { list: "guardrails", label: "guardrail" },
] as const;

/**
 * The metrics the experiment names (primary, secondary, guardrails), each linking to its definition's form, or to
 * the form that defines it when nobody has yet.
 */
export function MetricsUsed({
  experimentKey,
  definitions,
}: {
  experimentKey: string;
  definitions: readonly StoredDocument<Metric>[] | undefined;
}) {
  const experiment = useApi<StoredDocument<ExperimentMeta>>(`/experiments/${encodeURIComponent(experimentKey)}`);
  const meta = experiment.data?.body;
  if (meta === undefined || definitions === undefined) return null;
  const named = ROLES.flatMap(({ list, label }) => (meta[list] ?? []).map((name) => ({ name, label })));
  if (named.length === 0) return null;
  const defined = new Set(definitions.map((d) => d.key));
  return (
    <section className="card" aria-labelledby="metrics-used-title" data-testid="metrics-used">
      <h2 id="metrics-used-title">Metrics used</h2>
      <ul className="names">
        {named.map(({ name, label }) => (
          <li key={`${label}:${name}`}>
            {defined.has(name) ? (
              <Link href={`/metrics/${encodeURIComponent(name)}`}>{name}</Link>
            ) : (
              <>
                <code>{name}</code> (not defined:{" "}
                <Link href={`/metrics?create=1&name=${encodeURIComponent(name)}`}>define it</Link>)
              </>
            )}{" "}
            <span className="muted">{label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
