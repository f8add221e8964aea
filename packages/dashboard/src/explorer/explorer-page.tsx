import type { FlagDocument, ListAnswer, QueryResult } from "@switchboard/core";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { ErrorNote } from "../ui/status.js";
import { BASE_FIELDS } from "./event-fields.js";
import { type ExplorerQuery, FNS, queryFromUrl, queryToUrl, toRequest } from "./explorer-query.js";
import { FilterEditor } from "./filter-editor.js";
import { Results } from "./results.js";

/** The event explorer: a builder over the query language; the query lives in the address so it can be shared. */
export function ExplorerPage() {
  const { query: params } = useLocation();
  const [q, setQ] = useState<ExplorerQuery>(() => queryFromUrl(params));
  const [answer, setAnswer] = useState<QueryResult | null>(null);
  const [ran, setRan] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  // Which page of an events answer is shown: the API pages with a cursor, so only "next" and "first" exist.
  const [page, setPage] = useState(1);
  const flags = useApi<ListAnswer<FlagDocument>>("/flags");
  const fields = useMemo(
    () => [...BASE_FIELDS, ...(flags.data?.items ?? []).slice(0, 500).map((f) => `assignments.${f.key}`)],
    [flags.data],
  );
  const set = <K extends keyof ExplorerQuery>(key: K, value: ExplorerQuery[K]) =>
    setQ((old) => ({ ...old, [key]: value }));

  const run = async (body: Record<string, unknown>, pageNumber = 1) => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(await callApi<QueryResult>("POST", "/query", { body }));
      setRan(body);
      setPage(pageNumber);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    navigate(queryToUrl(q, true), { replace: true });
    void run(toRequest(q));
  };
  // A shared address with `run=1` runs at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    if (params.get("run") === "1") void run(toRequest(q));
  }, []);

  const showsFilters = q.kind === "messages-diff" || q.kind === "bubbleup";
  return (
    <section aria-labelledby="explorer-title">
      <h1 id="explorer-title">Event explorer</h1>
      <datalist id="query-fields">
        {fields.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <form className="card explorer-form" onSubmit={submit} aria-label="Query">
        <div className="inline-form">
          <label>
            Question
            <select value={q.kind} onChange={(e) => set("kind", e.target.value as ExplorerQuery["kind"])}>
              <option value="aggregate">aggregate (group by, series)</option>
              <option value="events">raw events</option>
              <option value="messages-diff">only in B (messages)</option>
              <option value="new-messages">since release X (new messages)</option>
              <option value="bubbleup">BubbleUp (what is different)</option>
            </select>
          </label>
          {(q.kind === "aggregate" || q.kind === "events") && (
            <label>
              Records
              <select value={q.source} onChange={(e) => set("source", e.target.value as ExplorerQuery["source"])}>
                <option value="events">wide events</option>
                <option value="exposures">exposures</option>
              </select>
            </label>
          )}
          <label>
            Range
            <select
              value={q.from === "" ? q.last : "fixed"}
              onChange={(e) => setQ((old) => ({ ...old, last: e.target.value, from: "", to: "" }))}
            >
              {q.from !== "" && <option value="fixed">{`${q.from} to ${q.to === "" ? "now" : q.to}`}</option>}
              {["15m", "1h", "6h", "24h", "7d"].map((r) => (
                <option key={r} value={r}>
                  last {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Environment
            <input value={q.environment} placeholder="all" onChange={(e) => set("environment", e.target.value)} />
          </label>
        </div>
        <FilterEditor
          label="Where (all must hold)"
          filters={q.where}
          onChange={(v) => set("where", v)}
          fields="query-fields"
        />
        {q.kind === "aggregate" && <AggregateParts q={q} set={set} />}
        {showsFilters && (
          <>
            <FilterEditor
              label={q.kind === "bubbleup" ? "Selection (the odd ones)" : "B: messages said here…"}
              filters={q.selection}
              onChange={(v) => set("selection", v)}
              fields="query-fields"
            />
            <FilterEditor
              label={q.kind === "bubbleup" ? "Baseline (default: everything else)" : "A: …and never here"}
              filters={q.baseline}
              onChange={(v) => set("baseline", v)}
              fields="query-fields"
            />
          </>
        )}
        {q.kind === "bubbleup" && (
          <ListInput label="Dimensions" values={q.dimensions} onChange={(v) => set("dimensions", v)} />
        )}
        {q.kind === "new-messages" && (
          <label>
            Since release
            <input value={q.sinceRelease} placeholder="64fd32f" onChange={(e) => set("sinceRelease", e.target.value)} />
          </label>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Run query
          </button>
          <details>
            <summary>JSON</summary>
            <pre data-testid="query-json">{JSON.stringify(toRequest(q), null, 2)}</pre>
          </details>
        </div>
      </form>
      <ErrorNote error={error} />
      {answer !== null && ran !== null && (
        <Results
          answer={answer}
          request={ran}
          page={page}
          busy={busy}
          onDrill={(body) => void run(body)}
          onPage={(cursor) => {
            const { cursor: _previous, ...first } = ran;
            void run(cursor === null ? first : { ...first, cursor }, cursor === null ? 1 : page + 1);
          }}
        />
      )}
    </section>
  );
}

function AggregateParts({
  q,
  set,
}: {
  q: ExplorerQuery;
  set: <K extends keyof ExplorerQuery>(key: K, value: ExplorerQuery[K]) => void;
}) {
  const update = (index: number, patch: { fn?: string; field?: string; per?: string }) =>
    set(
      "aggregates",
      q.aggregates.map((a, i) => (i === index ? { ...a, ...patch } : a)),
    );
  return (
    <>
      <ListInput label="Group by" values={q.groupBy} onChange={(v) => set("groupBy", v)} />
      <fieldset>
        <legend>Aggregates</legend>
        {q.aggregates.map((a, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: edited in place
          <div key={index} className="filter-line">
            <label>
              Function
              <select value={a.fn} onChange={(e) => update(index, { fn: e.target.value })}>
                {FNS.map((fn) => (
                  <option key={fn}>{fn}</option>
                ))}
              </select>
            </label>
            <label>
              {a.fn === "ratio" ? "Field (numerator, summed)" : "Field"}
              <input
                list="query-fields"
                value={a.field ?? ""}
                onChange={(e) => update(index, { field: e.target.value })}
              />
            </label>
            {a.fn === "ratio" && (
              <label>
                Per (denominator, summed)
                <input
                  list="query-fields"
                  value={a.per ?? ""}
                  placeholder="spans.sql.count"
                  onChange={(e) => update(index, { per: e.target.value })}
                />
              </label>
            )}
            <button
              type="button"
              className="quiet"
              aria-label={`Remove aggregate ${index + 1}`}
              onClick={() =>
                set(
                  "aggregates",
                  q.aggregates.filter((_, i) => i !== index),
                )
              }
            >
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="quiet" onClick={() => set("aggregates", [...q.aggregates, { fn: "count" }])}>
          + Aggregate
        </button>
      </fieldset>
      <label>
        Time series
        <select value={q.bucket} onChange={(e) => set("bucket", e.target.value)}>
          <option value="">no (one row per group)</option>
          <option value="1m">per minute</option>
          <option value="5m">per 5 minutes</option>
          <option value="1h">per hour</option>
        </select>
      </label>
    </>
  );
}

function ListInput({ label, values, onChange }: { label: string; values: string[]; onChange(v: string[]): void }) {
  const [text, setText] = useState(values.join(", "));
  return (
    <label>
      {label} (comma separated; a flag is <code>assignments.&lt;flag&gt;</code>)
      <input
        list="query-fields"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(
            e.target.value
              .split(",")
              .map((v) => v.trim())
              .filter((v) => v !== ""),
          );
        }}
      />
    </label>
  );
}
