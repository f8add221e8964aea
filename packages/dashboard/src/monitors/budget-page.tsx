import type { MonitorBudgetView, MonitorStatusView } from "@switchboard/core";
import { useEffect, useMemo, useState } from "react";
import { useApi } from "../api/use-api.js";
import { type ChartSeries, TimeChart } from "../chart/time-chart.js";
import { Link } from "../ui/link.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { budgetBar, burnPairRows, formatAmount, formatRate, formatShare } from "./budget-view.js";
import { burnSeries, minutesAsLedger } from "./chart-series.js";

const NO_MARKERS: never[] = [];

/** A monitor's error budget: what is left, how it was spent over the window, how fast it burns, and by whom. */
export function BudgetPage({ monitorKey }: { monitorKey: string }) {
  const path = `/monitors/${encodeURIComponent(monitorKey)}`;
  const budget = useApi<MonitorBudgetView>(`${path}/budget`);
  const status = useApi<MonitorStatusView>(`${path}/status`);
  const [nowMs] = useState(() => Date.now());
  useEffect(() => {
    document.title = `${monitorKey} · Error budget · Switchboard`;
  }, [monitorKey]);
  const view = budget.data;
  const burn = useMemo(() => {
    if (view === undefined) return null;
    const hours = status.data?.hours ?? [];
    // A young monitor has fewer than two hours in its ledger: its minutes draw the same cumulative lines.
    const ledger = hours.length >= 2 ? hours : minutesAsLedger(status.data?.minutes ?? []);
    return burnSeries(ledger, view.allowedFraction, view.windowDays, nowMs);
  }, [status.data, view, nowMs]);
  const series = useMemo<ChartSeries[]>(
    () =>
      burn === null
        ? []
        : [
            { label: "Spent", color: "#b3261e", values: burn.spent },
            { label: "Allowed", color: "#1b7a3a", values: burn.allowed, dash: [6, 4] },
          ],
    [burn],
  );
  return (
    <section aria-labelledby="budget-title">
      <div className="page-head">
        <h1 id="budget-title">{monitorKey}: error budget</h1>
        <Link href={path}>Monitor chart</Link>
      </div>
      <ErrorNote error={budget.error} />
      {view === undefined ? (
        budget.error === null && <p className="loading">Loading the budget…</p>
      ) : (
        <>
          <BudgetLeft view={view} />
          <section className="card" aria-labelledby="burn-title">
            <h2 id="burn-title">Burn over {view.windowDays} days</h2>
            {burn === null || burn.times.length < 2 ? (
              <p className="muted" data-testid="burn-empty">
                Nothing to draw yet: the burn chart appears once the runner has evaluated two minutes.
              </p>
            ) : (
              <TimeChart
                title="Shortfall spent vs allowed"
                unit="events"
                times={burn.times}
                series={series}
                markers={NO_MARKERS}
                range={null}
                onRange={() => {}}
                onMarkerHover={() => {}}
                onMarkerClick={() => {}}
              />
            )}
          </section>
          <BurnRates view={view} />
          <Spenders view={view} />
        </>
      )}
    </section>
  );
}

function BudgetLeft({ view }: { view: MonitorBudgetView }) {
  const bar = budgetBar(view);
  return (
    <section className="card" aria-labelledby="left-title" data-testid="budget-left" data-level={bar.level}>
      <h2 id="left-title">Budget left</h2>
      <p className="budget-number">
        <strong data-testid="budget-left-number">{formatAmount(view.left)}</strong> of{" "}
        <span data-testid="budget-total">{formatAmount(view.budget)}</span> ({formatShare(bar.leftShare)} left; spent{" "}
        <span data-testid="budget-spent">{formatAmount(view.spent)}</span>)
      </p>
      {/* A native meter: coloured by the browser from low/optimum, announced as a value by screen readers. */}
      <meter
        className="budget-bar"
        aria-label="Budget left"
        min={0}
        max={1}
        low={0.25}
        high={0.5}
        optimum={1}
        value={bar.leftShare}
      />
      <p className="muted">
        {formatShare(view.allowedFraction)} of the predicted {formatAmount(view.predicted)} over {view.windowDays} days.
      </p>
      {bar.level === "no data" && <p className="muted">No predicted minutes recorded yet in this window.</p>}
      {bar.tooCareful && bar.level !== "no data" && (
        <p className="note" data-testid="too-careful">
          Too careful: less than {formatShare(0.05)} of the budget is spent. You could ship faster — ramp flags in
          bigger steps or with less soak time.
        </p>
      )}
      {bar.level === "exhausted" && <p className="error-note">The budget is spent: slow down risky changes.</p>}
    </section>
  );
}

function BurnRates({ view }: { view: MonitorBudgetView }) {
  const rows = burnPairRows(view.burnRates);
  return (
    <section className="card" aria-labelledby="rates-title">
      <h2 id="rates-title">Burn rates</h2>
      <p className="muted">1× spends the budget exactly over its window; a pair alerts when both windows exceed it.</p>
      <table data-testid="burn-rates">
        <thead>
          <tr>
            <th>pair</th>
            <th>long window</th>
            <th>short window</th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-burning={r.burning}>
              <td>
                {r.label} <span className="muted">({r.meaning})</span>
              </td>
              <td>{formatRate(r.longRate)}</td>
              <td>{formatRate(r.shortRate)}</td>
              <td>{r.burning ? "burning" : "ok"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Spenders({ view }: { view: MonitorBudgetView }) {
  const incidents = [...view.byIncident].sort((a, b) => b.spent - a.spent).slice(0, 10);
  if (incidents.length === 0) {
    return (
      <EmptyState title="No incidents in this window">
        <p>Each alert's shortfall, and the change it was attributed to, is listed here.</p>
      </EmptyState>
    );
  }
  return (
    <section className="card" aria-labelledby="spenders-title">
      <h2 id="spenders-title">Top spenders</h2>
      <h3>Incidents</h3>
      <ol data-testid="spenders-incidents">
        {incidents.map((i) => (
          <li key={i.alertId}>
            <Link href={`/monitors/${encodeURIComponent(view.monitor)}#alert-${i.alertId}`}>
              {new Date(i.onsetAt).toLocaleString()}
            </Link>{" "}
            — {formatAmount(i.spent)} ({i.cause ?? "unattributed"})
          </li>
        ))}
      </ol>
      <h3>Attributed changes</h3>
      <ol data-testid="spenders-causes">
        {view.byCause.map((c) => (
          <li key={c.cause}>
            {c.cause} — {formatAmount(c.spent)}
          </li>
        ))}
      </ol>
    </section>
  );
}
