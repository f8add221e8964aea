import type { FlagDocument } from "@switchboard/core";
import { Link } from "../ui/link.js";

/** The experiments this flag runs in one environment, each linking to its results page. */
export function ExperimentLinks({ doc, env }: { doc: FlagDocument; env: string }) {
  const experiments = (doc.body.environments?.[env]?.rules ?? []).flatMap((rule) =>
    rule.kind === "experiment" ? [{ key: rule.key, split: rule.variations.join(" / ") }] : [],
  );
  if (experiments.length === 0) return null;
  return (
    <section className="card" aria-labelledby="experiments-title">
      <h2 id="experiments-title">Experiments</h2>
      <ul data-testid="flag-experiments">
        {experiments.map((e) => (
          <li key={e.key}>
            <Link href={`/experiments/${encodeURIComponent(e.key)}?env=${encodeURIComponent(env)}`}>
              Results of {e.key}
            </Link>{" "}
            <span className="muted">({e.split})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
