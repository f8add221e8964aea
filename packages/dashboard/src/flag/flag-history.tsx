import type { Change, ListAnswer } from "@switchboard/core";
import { useEffect, useState } from "react";
import { queryString } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote } from "../ui/status.js";
import { compactDiff, diffJson } from "./json-diff.js";

/** The audit log of one flag, newest first; each entry opens to a diff of before and after. */
export function FlagHistory({ flagKey, version }: { flagKey: string; version: number }) {
  const changes = useApi<ListAnswer<Change>>(`/changes${queryString({ subjectKey: flagKey, limit: 100 })}`);
  const { reload } = changes;
  // A new version of the flag means a new entry in its history.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ErrorNote error={changes.error} />
      <ol className="history" data-testid="history">
        {(changes.data?.items ?? []).map((change) => (
          <HistoryEntry key={change.seq} change={change} />
        ))}
      </ol>
    </section>
  );
}

function HistoryEntry({ change }: { change: Change }) {
  const [open, setOpen] = useState(false);
  return (
    <li id={`change-${change.seq}`}>
      <button type="button" className="history-line" aria-expanded={open} onClick={() => setOpen(!open)}>
        <time dateTime={change.at}>{new Date(change.at).toLocaleString()}</time>
        <strong>{change.action}</strong>
        {change.environment !== null && <span className="tag">{change.environment}</span>}
        <span>by {change.actor}</span>
        {change.reason !== null && <em>“{change.reason}”</em>}
      </button>
      {open && <Diff before={change.before} after={change.after} />}
    </li>
  );
}

function Diff({ before, after }: { before: unknown; after: unknown }) {
  const lines = compactDiff(diffJson(before, after));
  return (
    <pre className="diff">
      {lines.map((line, index) =>
        line === null ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity of their own
          <span key={index} className="diff-gap">
            {"  …\n"}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity of their own
          <span key={index} className={`diff-${line.kind}`}>
            {line.kind === "added" ? "+ " : line.kind === "removed" ? "- " : "  "}
            {line.text}
            {"\n"}
          </span>
        ),
      )}
    </pre>
  );
}
