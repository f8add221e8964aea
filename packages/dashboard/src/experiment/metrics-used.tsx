import type { ExperimentResults } from "@switchboard/core";
import { Link } from "../ui/link.js";

/** The metric definitions the results rest on, each linking to its form; undefined ones link to define them. */
export function MetricsUsed({ results }: { results: ExperimentResults }) {
  const defined = [...new Set(results.metrics.map((m) => m.metric))];
  if (defined.length === 0 && results.undefinedMetrics.length === 0) return null;
  return (
    <section className="card" aria-labelledby="metrics-used-title" data-testid="metrics-used">
      <h2 id="metrics-used-title">Metrics used</h2>
      <ul className="names">
        {defined.map((name) => (
          <li key={name}>
            <Link href={`/metrics/${encodeURIComponent(name)}`}>{name}</Link>
          </li>
        ))}
        {results.undefinedMetrics.map((name) => (
          <li key={name}>
            <code>{name}</code> <Link href={`/metrics?create=1&name=${encodeURIComponent(name)}`}>define it</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
