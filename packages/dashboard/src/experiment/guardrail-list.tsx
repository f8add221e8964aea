import type { GuardrailVerdict } from "@switchboard/core";
import { guardrailVerdict } from "./verdict.js";

/** Each guardrail's verdict per treatment, worst first, with the server's sentence. */
export function GuardrailList({ guardrails }: { guardrails: GuardrailVerdict[] }) {
  const order = ["breached", "at-risk", "not-enough-data", "ok"];
  const sorted = [...guardrails].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
  return (
    <section className="card" aria-labelledby="guardrails-title">
      <h2 id="guardrails-title">Guardrails</h2>
      <ul className="guardrails" data-testid="guardrails">
        {sorted.map((g) => {
          const v = guardrailVerdict(g.verdict);
          return (
            <li key={`${g.metric}:${g.variation}`} className={`tone-${v.tone}`} data-verdict={g.verdict}>
              <strong className="verdict">
                <span aria-hidden="true">{v.glyph}</span> {v.word}
              </strong>{" "}
              {g.message}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
