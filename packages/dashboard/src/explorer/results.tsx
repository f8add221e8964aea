import type { QueryResult } from "@switchboard/core";
import { useMemo, useState } from "react";
import { TimeChart, type XRange } from "../chart/time-chart.js";
import { EmptyState } from "../ui/status.js";

/** A query's answer as a table, and as a chart when it is a time series; aggregate rows drill down to their events. */
export function Results({
  answer,
  request,
  page,
  busy,
  onDrill,
  onPage,
}: {
  answer: QueryResult;
  request: Record<string, unknown>;
  /** Which page of an events answer this is (1 for the first). */
  page: number;
  busy: boolean;
  onDrill(body: Record<string, unknown>): void;
  /** Runs the same query at `cursor` (the next page), or from the start when null. */
  onPage(cursor: string | null): void;
}) {
  const [range, setRange] = useState<XRange>(null);
  const series = useMemo(() => seriesOf(answer), [answer]);
  const lines = useMemo(
    () => (series === null ? [] : [{ label: series.label, color: "#1f5fbf", values: series.values }]),
    [series],
  );
  if (answer.rows.length === 0) {
    return (
      <EmptyState title="No events match">
        <p>
          Widen the range, drop a filter, or check that your services send events (see the Timeline page for the SDK
          snippet).
        </p>
      </EmptyState>
    );
  }
  const behind = answer.eventsBehind;
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">
        {answer.rows.length} row{answer.rows.length === 1 ? "" : "s"}
      </h2>
      <Pager page={page} busy={busy} nextCursor={answer.nextCursor} onPage={onPage} />
      {series !== null && request["groupBy"] === undefined && (
        <TimeChart
          title={series.label}
          unit=""
          times={series.times}
          series={lines}
          markers={[]}
          range={range}
          onRange={setRange}
          onMarkerHover={() => {}}
          onMarkerClick={() => {}}
        />
      )}
      <div className="table-scroll">
        <table className="results" data-testid="results">
          <thead>
            <tr>
              {answer.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {behind !== undefined && <th scope="col">events</th>}
            </tr>
          </thead>
          <tbody>
            {answer.rows.slice(0, 1000).map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
              <tr key={index}>
                {row.map((cell, column) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <td key={column}>{cellText(cell)}</td>
                ))}
                {behind !== undefined && (
                  <td>
                    <button
                      type="button"
                      className="quiet"
                      onClick={() => onDrill(behind[index] as Record<string, unknown>)}
                    >
                      Show events
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** First and next page of an events answer; shown once there is more than one page. */
function Pager(props: {
  page: number;
  busy: boolean;
  nextCursor: string | undefined;
  onPage(cursor: string | null): void;
}) {
  const { page, busy, nextCursor, onPage } = props;
  if (page === 1 && nextCursor === undefined) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="quiet" disabled={busy || page === 1} onClick={() => onPage(null)}>
        ⇤ First page
      </button>
      <span data-testid="page-number">
        Page {page}
        {nextCursor === undefined ? " (last)" : ""}
      </span>
      <button
        type="button"
        disabled={busy || nextCursor === undefined}
        onClick={() => nextCursor && onPage(nextCursor)}
      >
        Next page →
      </button>
    </nav>
  );
}

function seriesOf(answer: QueryResult): { times: number[]; values: (number | null)[]; label: string } | null {
  if (answer.columns[0] !== "time" || answer.columns.length < 2) return null;
  const rows = [...answer.rows].sort((a, b) => Date.parse(String(a[0])) - Date.parse(String(b[0])));
  return {
    times: rows.map((r) => Date.parse(String(r[0])) / 1000),
    values: rows.map((r) => (typeof r[1] === "number" ? r[1] : r[1] == null ? null : Number(r[1]))),
    label: answer.columns[1] ?? "",
  };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "—";
  if (typeof cell === "number") return Number.isInteger(cell) ? String(cell) : cell.toFixed(3);
  if (typeof cell === "object") return JSON.stringify(cell);
  return String(cell);
}
