import type { Marker } from "@switchboard/core";
import { useMemo, useState } from "react";
import { navigate, useLocation } from "../app/router.js";
import { latestOf, type MarkerGroup } from "../chart/marker-groups.js";
import { MARKER_STYLES, markerHref, markerStyleOf } from "../chart/marker-style.js";
import { MarkerTip } from "../chart/marker-tip.js";
import { TimeChart, type XRange } from "../chart/time-chart.js";
import { panBy, zoomAt } from "../chart/zoom-range.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { pickBusinessEvent } from "./business-event.js";
import { FirstEventsSnippet } from "./first-events-snippet.js";
import { DATA_RANGE, RANGES, useEventNames, useTimelineData } from "./timeline-data.js";

/** The wallgraph: requests, errors, p95 latency and a business event per minute, with every change as a marker. */
export function TimelinePage() {
  const { query } = useLocation();
  const last = query.get("last") ?? DATA_RANGE;
  const env = query.get("env") ?? "";
  const [nowMs, setNowMs] = useState(() => Date.now());
  const names = useEventNames(env, nowMs);
  // Until the names seen are known, a business event the address does not name waits for them.
  const event = query.get("event") ?? (names === null ? null : (pickBusinessEvent(names) ?? ""));
  const { data, error } = useTimelineData(last, env, event, nowMs);
  const [range, setRange] = useState<XRange>(null);
  const [hover, setHover] = useState<{ group: MarkerGroup; left: number; chart: number } | null>(null);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(query);
    next.set(key, value);
    navigate(`/timeline?${next}`, { replace: true });
    setRange(null);
  };
  const charts = useMemo(
    () =>
      data === null
        ? []
        : [
            line("Requests", "per minute", "#1f5fbf", data.requests),
            line("Errors (status ≥ 500)", "per minute", "#b3261e", data.errors),
            line("p95 latency", "ms", "#9a6200", data.p95),
            line(event ? `${event} events` : "Business events", "per minute", "#1b7a3a", data.business),
          ],
    [data, event],
  );
  const extent = data === null ? null : extentOf(data.times);
  const pan = (direction: number) => {
    if (extent === null || range === null) return;
    setRange(panBy(range, extent, ((range.max - range.min) / 2) * direction));
  };
  const zoom = (factor: number) => {
    if (extent === null) return;
    const current = range ?? extent;
    setRange(zoomAt(current, extent, (current.min + current.max) / 2, factor));
  };
  const open = (group: MarkerGroup) => {
    const href = markerHref(latestOf(group));
    if (href !== null) navigate(href);
  };
  return (
    <section aria-labelledby="timeline-title">
      <div className="page-head">
        <h1 id="timeline-title">Timeline</h1>
        <span className="muted">
          scroll on a chart to zoom, drag to pan, shift-drag to zoom into a range; double-click resets
        </span>
      </div>
      <div className="filter-bar">
        <label>
          Range
          <select value={last} onChange={(e) => set("last", e.target.value)}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {r === DATA_RANGE ? "where the data is" : `last ${r}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <input value={env} placeholder="all" onChange={(e) => set("env", e.target.value)} />
        </label>
        <label>
          Business event
          <select value={event ?? ""} onChange={(e) => set("event", e.target.value)} disabled={event === null}>
            {eventChoices(names, event).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="quiet" onClick={() => zoom(0.5)} aria-label="Zoom in">
          ＋ Zoom in
        </button>
        <button type="button" className="quiet" onClick={() => zoom(2)} aria-label="Zoom out" disabled={range === null}>
          − Zoom out
        </button>
        <button
          type="button"
          className="quiet"
          onClick={() => pan(-1)}
          aria-label="Pan earlier"
          disabled={range === null}
        >
          ← Earlier
        </button>
        <button type="button" className="quiet" onClick={() => pan(1)} aria-label="Pan later" disabled={range === null}>
          Later →
        </button>
        <button type="button" className="quiet" onClick={() => setRange(null)} disabled={range === null}>
          Reset zoom
        </button>
        <output data-testid="zoom-range" aria-live="polite" className="muted">
          {range === null ? "whole range" : `${clock(range.min)} – ${clock(range.max)}`}
        </output>
        <button type="button" onClick={() => setNowMs(Date.now())}>
          Refresh
        </button>
      </div>
      <ul className="legend" aria-label="Marker kinds">
        {MARKER_STYLES.map((s) => (
          <li key={s.kind} style={{ color: s.color }}>
            <span aria-hidden="true">{s.glyph}</span> {s.word}
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
      {data === null ? (
        <p className="loading">Loading…</p>
      ) : (
        <>
          {data.total === 0 && <FirstEventsSnippet />}
          <div
            className="chart-stack"
            data-testid="charts"
            data-from={new Date(data.fromS * 1000).toISOString()}
            data-to={new Date(data.toS * 1000).toISOString()}
          >
            {charts.map((c, index) => (
              <div key={c.title} className="chart-cell">
                <TimeChart
                  {...c}
                  times={data.times}
                  markers={data.markers}
                  range={range}
                  onRange={setRange}
                  onMarkerHover={(group, left) => setHover(group === null ? null : { group, left, chart: index })}
                  onMarkerClick={open}
                />
                {hover?.chart === index && <MarkerTip group={hover.group} left={hover.left} />}
              </div>
            ))}
          </div>
          <MarkerList markers={data.markers} />
        </>
      )}
    </section>
  );
}

/** The event names seen, most frequent first, and the chosen one even when it was not seen (a shared address). */
function eventChoices(names: readonly { name: string }[] | null, chosen: string | null): string[] {
  const seen = (names ?? []).map((n) => n.name);
  return chosen === null || chosen === "" || seen.includes(chosen) ? seen : [chosen, ...seen];
}

function line(title: string, unit: string, color: string, values: readonly (number | null)[]) {
  return { title, unit, series: [{ label: title, color, values }] };
}

function MarkerList({ markers }: { markers: readonly Marker[] }) {
  if (markers.length === 0) {
    return (
      <EmptyState title="No changes in this range">
        <p>Flag activations, kills, releases and pool switches appear here and on every chart.</p>
      </EmptyState>
    );
  }
  return (
    <section className="card" aria-labelledby="markers-title">
      <h2 id="markers-title">Changes in this range</h2>
      <ol className="marker-list" data-testid="marker-list">
        {[...markers]
          .reverse()
          .slice(0, 50)
          .map((marker) => {
            const style = markerStyleOf(marker);
            const href = markerHref(marker);
            const key = `${marker.kind}:${marker.kind === "change" ? marker.change.seq : marker.release.id}`;
            return (
              <li key={key} data-marker-kind={style.kind}>
                <span style={{ color: style.color }} aria-hidden="true">
                  {style.glyph}
                </span>{" "}
                <span className="sr-only">{style.word}: </span>
                <time dateTime={marker.at}>{new Date(marker.at).toLocaleTimeString()}</time>{" "}
                {href === null ? marker.title : <Link href={href}>{marker.title}</Link>}
                {marker.kind === "change" && marker.change.reason !== null && <em> — “{marker.change.reason}”</em>}
              </li>
            );
          })}
      </ol>
      {markers.length > 50 && (
        <p className="muted">and {markers.length - 50} earlier; zoom in or narrow the range to see them.</p>
      )}
    </section>
  );
}

function extentOf(times: readonly number[]): { min: number; max: number } | null {
  const min = times[0];
  const max = times.at(-1);
  return min === undefined || max === undefined || max <= min ? null : { min, max };
}

function clock(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}
