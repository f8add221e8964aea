import type { ListAnswer, SchemaReview, SchemaReviewFinding } from "@switchboard/core";
import { type FormEvent, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { reviewLines } from "./review-lines.js";

const DIALECTS = [
  { value: "postgres", label: "PostgreSQL" },
  { value: "mysql", label: "MySQL" },
  { value: "mariadb", label: "MariaDB" },
] as const;

/** Paste or upload a migration, review it, and read the findings on the SQL; the history below is the audit trail. */
export function SchemaReviewsPage() {
  const history = useApi<ListAnswer<SchemaReview>>("/schema-reviews");
  const [dialect, setDialect] = useState<string>("postgres");
  const [version, setVersion] = useState("");
  const [sql, setSql] = useState("");
  const [inTransaction, setInTransaction] = useState(false);
  const [shown, setShown] = useState<SchemaReview | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const body = { dialect, sql, inTransaction, ...(version.trim() ? { version: version.trim() } : {}) };
      setShown(await callApi<SchemaReview>("POST", "/schema-reviews", { body }));
      setError(null);
      history.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  }

  async function upload(file: File | undefined) {
    if (file) setSql(await file.text());
  }

  return (
    <section aria-labelledby="schema-reviews-title">
      <div className="page-head">
        <h1 id="schema-reviews-title">Schema reviews</h1>
        <span className="muted">
          Every migration checked for old and new code running side by side, locks and rewrites.
        </span>
      </div>
      <form className="review-form" onSubmit={submit}>
        <label>
          Dialect{" "}
          <select value={dialect} onChange={(e) => setDialect(e.target.value)}>
            {DIALECTS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Server version{" "}
          <input
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            placeholder="e.g. 16 or 8.0.35"
            size={12}
          />
        </label>
        <label>
          <input type="checkbox" checked={inTransaction} onChange={(e) => setInTransaction(e.target.checked)} /> runs in
          a transaction
        </label>
        <label>
          Upload <input type="file" accept=".sql,text/plain" onChange={(e) => void upload(e.target.files?.[0])} />
        </label>
        <textarea
          aria-label="Migration SQL"
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          rows={10}
          spellCheck={false}
          placeholder="ALTER TABLE …"
        />
        <button type="submit" disabled={busy || sql.trim() === ""}>
          {busy ? "Reviewing…" : "Review"}
        </button>
      </form>
      <ErrorNote error={error} />
      {shown && <ReviewView review={shown} />}
      <h2>History</h2>
      <ErrorNote error={history.error} />
      {history.data && history.data.items.length === 0 ? (
        <EmptyState title="No reviews yet">
          <p>Paste a migration above, or run it in CI: switchboard lint-sql migrations/*.sql --dialect postgres</p>
        </EmptyState>
      ) : (
        <table className="review-history">
          <thead>
            <tr>
              <th>when</th>
              <th>who</th>
              <th>dialect</th>
              <th>statements</th>
              <th>errors</th>
              <th>warnings</th>
            </tr>
          </thead>
          <tbody>
            {(history.data?.items ?? []).map((review) => (
              <tr key={review.id}>
                <td>
                  <button type="button" className="link-button" onClick={() => setShown(review)}>
                    {new Date(review.requestedAt).toLocaleString()}
                  </button>
                </td>
                <td>{review.requestedBy}</td>
                <td>
                  {review.dialect} {review.version}
                </td>
                <td>
                  {review.summary.statements}
                  {review.summary.unparsed > 0 ? ` (${review.summary.unparsed} not understood)` : ""}
                </td>
                <td>{review.summary.errors}</td>
                <td>{review.summary.warnings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReviewView({ review }: { review: SchemaReview }) {
  const s = review.summary;
  return (
    <article className="review" aria-label="Review">
      <p className="review-summary">
        {s.statements} statement(s), {s.parsed} understood: <strong>{s.errors} error(s)</strong>, {s.warnings}{" "}
        warning(s), {s.infos} note(s) — {review.dialect} {review.version}, asked by {review.requestedBy}
      </p>
      {review.files.map((file) => (
        <div key={file.file} className="review-file">
          {file.error ? <p className="error-note">{file.error}</p> : null}
          <ol className="review-sql">
            {reviewLines(file).map((line) => (
              <li key={line.number} value={line.number}>
                <code>{line.text || " "}</code>
                {line.findings.map((finding) => (
                  <FindingNote key={`${finding.ruleId}:${finding.column}:${finding.message}`} finding={finding} />
                ))}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </article>
  );
}

function FindingNote({ finding }: { finding: SchemaReviewFinding }) {
  const osc = finding.onlineSchemaChange;
  return (
    <div className={`finding finding-${finding.severity}`} data-rule={finding.ruleId}>
      <p>
        <strong>{finding.severity}</strong> <code>{finding.ruleId}</code> {finding.message}
      </p>
      <p className="muted">{finding.advice}</p>
      {osc && (
        <div className="osc">
          <p>
            gh-ost {osc.ghost.eligible ? "can run it" : "cannot run it"}
            {osc.ghost.reasons.length > 0 ? `: ${osc.ghost.reasons.join("; ")}` : ""}
          </p>
          <pre data-testid="ghost-command">{osc.ghost.command}</pre>
          <p>
            pt-online-schema-change {osc.ptOsc.eligible ? "can run it" : "cannot run it"}
            {osc.ptOsc.reasons.length > 0 ? `: ${osc.ptOsc.reasons.join("; ")}` : ""}
          </p>
          <pre data-testid="pt-osc-command">{osc.ptOsc.command}</pre>
        </div>
      )}
    </div>
  );
}
