import type { Alert, ListAnswer, Marker, MonitorStatusView, MonitorView, StoredDocument } from "@switchboard/core";
import { useEffect, useMemo, useState } from "react";
import { queryString } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { navigate } from "../app/router.js";
import { latestOf, type MarkerGroup } from "../chart/marker-groups.js";
import { markerHref } from "../chart/marker-style.js";
import { MarkerTip } from "../chart/marker-tip.js";
import { type ChartSeries, TimeChart, type XRange } from "../chart/time-chart.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { AlertItem } from "./alert-item.js";
import { newestFirst } from "./alert-view.js";
import { bandSeries, onsetLines } from "./chart-series.js";
import { MonitorSettings } from "./monitor-settings.js";

const BAND = [{ upper: 2, lower: 3, fill: "rgba(31, 95, 191, 0.15)" }];
const NO_MARKERS: Marker[] = [];

/** A monitor: actual against the predicted band, changes as markers, each alert's onset, and its alerts. */
export function MonitorPage({ monitorKey }: { monitorKey: string }) {
  const path = `/monitors/${encodeURIComponent(monitorKey)}`;
  const monitor = useApi<StoredDocument<MonitorView>>(path);
  const status = useApi<MonitorStatusView>(`${path}/status`);
  const alerts = useApi<ListAnswer<Alert>>(`/alerts${queryString({ monitor: monitorKey, limit: 50 })}`);
  const [range, setRange] = useState<XRange>(null);
  const [hover, setHover] = useState<{ group: MarkerGroup; left: number } | null>(null);
  useEffect(() => {
    document.title = `${monitorKey} · Monitors · Switchboard`;
  }, [monitorKey]);

  const band = useMemo(() => bandSeries(status.data?.minutes ?? []), [status.data]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: "Actual", color: "#1b1b1b", values: band.actual },
      { label: "Predicted", color: "#1f5fbf", values: band.expected, dash: [6, 4] },
      { label: "Band upper", color: "rgba(31, 95, 191, 0.35)", values: band.upper },
      { label: "Band lower", color: "rgba(31, 95, 191, 0.35)", values: band.lower },
    ],
    [band],
  );
  const env = monitor.data?.body.metric.environment;
  const from = band.times[0];
  const to = band.times.at(-1);
  const markersPath =
    env === undefined || from === undefined || to === undefined
      ? null
      : `/markers${queryString({ from: iso(from - 3600), to: iso(to + 60), environment: env })}`;
  const markers = useApi<ListAnswer<Marker>>(markersPath);
  const items = useMemo(() => newestFirst(alerts.data?.items ?? []), [alerts.data]);
  const lines = useMemo(() => onsetLines(items), [items]);
  const reload = () => {
    status.reload();
    alerts.reload();
  };

  if (monitor.error !== null) return <ErrorNote error={monitor.error} />;
  if (monitor.data === undefined) return <p className="loading">Loading {monitorKey}…</p>;
  const body = monitor.data.body;
  return (
    <section aria-labelledby="monitor-title">
      <div className="page-head">
        <h1 id="monitor-title">{monitorKey}</h1>
        <span className="muted">
          {body.metric.fn} per minute in {body.metric.environment}
          {monitor.data.archived ? " · archived" : ""}
        </span>
        <Link href={`${path}/budget`}>Error budget</Link>
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      {body.description && <p>{body.description}</p>}
      <MonitorSettings doc={monitor.data} onChanged={monitor.reload} />
      <ErrorNote error={status.error} />
      {status.data === undefined ? (
        status.error === null && <p className="loading">Loading the runner's minutes…</p>
      ) : band.times.length === 0 ? (
        <EmptyState title="Not evaluated yet">
          <p>The runner evaluates each complete minute about a minute after it ends; this chart fills in then.</p>
        </EmptyState>
      ) : (
        <div
          className="chart-cell"
          data-testid="monitor-chart"
          data-minutes={band.times.length}
          data-onsets={lines.length}
        >
          <TimeChart
            title={`${monitorKey}: actual vs predicted band`}
            unit="per minute"
            times={band.times}
            series={series}
            bands={BAND}
            lines={lines}
            markers={markers.data?.items ?? NO_MARKERS}
            range={range ?? singleMinuteRange(band.times)}
            onRange={setRange}
            onMarkerHover={(group, left) => setHover(group === null ? null : { group, left })}
            onMarkerClick={(group) => {
              const href = markerHref(latestOf(group));
              if (href !== null) navigate(href);
            }}
          />
          {hover !== null && <MarkerTip group={hover.group} left={hover.left} />}
          <p className="muted" data-testid="band-basis">
            Prediction basis: {status.data.basis ?? "unknown"}; last minute{" "}
            {status.data.last === null
              ? "—"
              : `${round(status.data.last.actual)} vs ${round(status.data.last.expected)} predicted (band ${round(status.data.last.lower)}–${round(status.data.last.upper)})`}
          </p>
        </div>
      )}
      <section aria-labelledby="monitor-alerts-title">
        <h2 id="monitor-alerts-title">Alerts</h2>
        <ErrorNote error={alerts.error} />
        {alerts.data !== undefined && items.length === 0 ? (
          <EmptyState title="No alerts from this monitor">
            <p>When the metric leaves its band the alert, its cause and any automatic action appear here.</p>
          </EmptyState>
        ) : (
          <ol className="alert-list" data-testid="alert-list">
            {items.map((a) => (
              <AlertItem key={a.id} alert={a} showMonitor={false} showDeliveries={true} />
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

/** One evaluated minute has no span of its own (uPlot would widen it to years): show the ten minutes around it. */
function singleMinuteRange(times: readonly number[]): XRange {
  const [only] = times;
  return times.length === 1 && only !== undefined ? { min: only - 300, max: only + 300 } : null;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function round(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
}
