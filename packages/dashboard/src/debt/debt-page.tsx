import type { DebtBoard, DebtCandidate, LocatedReference } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { WeeklyDebtChart } from "./weekly-debt-chart.js";

const REASON_LABELS: Record<string, string> = {
  "one-variation": "one variation",
  "one-variation-exposed": "one variation exposed",
  "no-activity": "no activity",
  dangling: "dangling",
  orphan: "orphan",
};

/** The debt board: flags that are technical debt, oldest first, with where they live in code. */
export function DebtPage() {
  const board = useApi<DebtBoard>("/debt");
  const data = board.data;
  return (
    <section aria-labelledby="debt-title">
      <div className="page-head">
        <h1 id="debt-title">Technical debt</h1>
        {data !== undefined && (
          <span className="muted">
            {data.candidates.length} candidates · N = {data.days} days ·{" "}
            {data.repositories.length === 0
              ? "no code scanned yet"
              : data.repositories.map((r) => `${r.repository}@${r.branch} (${r.commit.slice(0, 7)})`).join(", ")}
          </span>
        )}
      </div>
      <ErrorNote error={board.error} />
      {data === undefined ? (
        board.error === null && <p className="loading">Loading the debt board…</p>
      ) : (
        <>
          <WeeklyDebtChart weekly={data.weekly} />
          {!data.activityKnown && <p className="muted">No event store: flags nobody evaluates are not checked.</p>}
          {data.candidates.length === 0 ? (
            <EmptyState title="No debt candidates">
              <p>Upload code references from CI so the board knows where each flag lives:</p>
              <pre>{"switchboard scan --upload"}</pre>
            </EmptyState>
          ) : (
            <table className="debt-table" data-testid="debt-table">
              <thead>
                <tr>
                  <th scope="col">Flag</th>
                  <th scope="col">Age</th>
                  <th scope="col">Why</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Last change</th>
                  <th scope="col">Code</th>
                  <th scope="col">Lines removable</th>
                </tr>
              </thead>
              <tbody>
                {data.candidates.map((c) => (
                  <CandidateRow key={c.flag} candidate={c} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function CandidateRow({ candidate: c }: { candidate: DebtCandidate }) {
  return (
    <tr data-testid={`debt-${c.flag}`}>
      <th scope="row">{c.defined ? <Link href={`/flags/${encodeURIComponent(c.flag)}`}>{c.flag}</Link> : c.flag}</th>
      <td>{c.ageDays} d</td>
      <td>
        <ul className="plain">
          {c.findings.map((f) => (
            <li key={f.reason}>
              <span className={`badge debt-${f.reason}`}>{REASON_LABELS[f.reason] ?? f.reason}</span> {f.detail}
            </li>
          ))}
        </ul>
      </td>
      <td>{c.owner ?? "—"}</td>
      <td>
        {c.lastChange === null
          ? "—"
          : `${c.lastChange.at.slice(0, 10)} ${c.lastChange.action} by ${c.lastChange.actor}`}
      </td>
      <td>
        {c.references.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="plain">
            {c.references.map((r) => (
              <li key={`${r.repository}${r.branch}${r.file}${r.line}`}>
                <ReferenceLink reference={r} />
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>{c.removableLines}</td>
    </tr>
  );
}

function ReferenceLink({ reference: r }: { reference: LocatedReference }) {
  const where = `${r.file}:${r.line}`;
  return (
    <>
      {r.url === null ? <code>{where}</code> : <a href={r.url}>{where}</a>}{" "}
      <span className="muted">
        {r.kind} {r.via ?? ""}
      </span>
    </>
  );
}
