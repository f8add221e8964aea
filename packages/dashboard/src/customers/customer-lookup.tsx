import type { CustomerLookup, CustomerRequest } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../app/session.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { requestTicks, shortTime, timeAxis, timelineBars } from "./customer-view.js";
import { PreviewPanel } from "./preview-panel.js";

/** One unit's lookup: its attributes, now (per environment, with the deciding rule), then (timeline), requests. */
export function CustomerLookupView({ unit }: { unit: string }) {
  const lookup = useApi<CustomerLookup>(`/customers/${encodeURIComponent(unit)}`);
  const [environment, setEnvironment] = useState<string | null>(null);
  const data = lookup.data;
  if (data === undefined) {
    return (
      <>
        <ErrorNote error={lookup.error} />
        {lookup.error === null && <p className="loading">Looking up {unit}…</p>}
      </>
    );
  }
  const shown = environment ?? preferredEnvironment(data);
  const now = data.now.find((env) => env.environment === shown);
  return (
    <div data-testid="customer-lookup">
      <div className="card">
        <h2>
          Unit <code data-testid="customer-unit">{data.unit}</code>
        </h2>
        <p className="muted">
          Last seen {shortTime(data.lastSeen)} · attributes from its latest events:{" "}
          <span data-testid="customer-attributes">
            {Object.entries(data.attributes)
              .map(([key, value]) => `${key}=${String(value)}`)
              .join(", ")}
          </span>
        </p>
      </div>

      <div className="card">
        <h2>What they see now</h2>
        <div className="tabs" role="tablist" aria-label="Environment">
          {data.now.map((env) => (
            <button
              key={env.environment}
              type="button"
              role="tab"
              aria-selected={env.environment === shown}
              onClick={() => setEnvironment(env.environment)}
            >
              {env.environment}
            </button>
          ))}
        </div>
        <table className="results" data-testid="customer-now">
          <thead>
            <tr>
              <th>Flag</th>
              <th>Variation</th>
              <th>Rule</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {(now?.flags ?? []).map((flag) => (
              <tr key={flag.flag} data-flag={flag.flag}>
                <td>
                  <code>{flag.flag}</code>
                </td>
                <td>
                  <strong>{flag.variation ?? JSON.stringify(flag.value)}</strong>
                </td>
                <td>
                  {flag.ruleId === "" ? <span className="muted">default</span> : `${flag.ruleId} (${flag.ruleKind})`}
                </td>
                <td className="muted">{flag.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="card">
        <h2>What they saw</h2>
        <Timeline lookup={data} />
      </div>

      <div className="card">
        <h2>Recent requests</h2>
        <Requests unit={data.unit} requests={data.requests} />
      </div>

      <PreviewPanel unit={data.unit} now={data.now} initial={shown} />
    </div>
  );
}

function preferredEnvironment(data: CustomerLookup): string {
  const seen = data.requests[0]?.environment ?? data.timeline[0]?.environment;
  return seen ?? data.now[0]?.environment ?? "";
}

function Timeline({ lookup }: { lookup: CustomerLookup }) {
  if (lookup.timeline.length === 0) return <p className="muted">No exposures are stored for this unit.</p>;
  const axis = timeAxis(lookup.timeline, lookup.requests, Date.parse(lookup.at));
  const bars = timelineBars(lookup.timeline, axis);
  const ticks = requestTicks(lookup.requests, axis);
  return (
    <table className="results customer-timeline" data-testid="customer-timeline">
      <thead>
        <tr>
          <th>Flag</th>
          <th>Variation</th>
          <th>Rule</th>
          <th>Release</th>
          <th>Environment</th>
          <th>Started</th>
          <th>Ended</th>
          <th className="timeline-axis">Over time</th>
        </tr>
      </thead>
      <tbody>
        <tr className="request-row">
          <td colSpan={7} className="muted">
            Requests ({ticks.filter((tick) => tick.failed).length} failed), on the same time axis
          </td>
          <td className="timeline-axis" data-testid="request-ticks">
            {ticks.map(({ request, left, failed }) => (
              <span
                key={request.id}
                className={`request-tick${failed ? " failed" : ""}`}
                style={{ left: `${left}%` }}
                title={`${shortTime(request.ts)} ${request.name} ${request.status ?? ""}`}
              />
            ))}
          </td>
        </tr>
        {bars.map(({ span, left, width }) => (
          <tr key={`${span.environment}/${span.flag}/${span.startedAt}`}>
            <td>
              <code>{span.flag}</code>
            </td>
            <td>
              <strong>{span.variation}</strong>
            </td>
            <td>{span.ruleId}</td>
            <td>{span.release ?? "—"}</td>
            <td>{span.environment}</td>
            <td>{shortTime(span.startedAt)}</td>
            <td>{span.endedAt === null ? "still served" : shortTime(span.endedAt)}</td>
            <td className="timeline-axis">
              <span
                className={`timeline-bar${span.endedAt === null ? " open" : ""}`}
                style={{ left: `${left}%`, width: `${width}%` }}
                title={`${span.exposures} exposures`}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Requests({ unit, requests }: { unit: string; requests: readonly CustomerRequest[] }) {
  const { me } = useSession();
  const [raw, setRaw] = useState<{ id: string; text: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  if (requests.length === 0) return <p className="muted">No requests of this unit are stored.</p>;
  const openRaw = async (request: CustomerRequest) => {
    setError(null);
    try {
      const answer = await callApi<{ items: unknown[] }>("GET", request.rawEventsHref.replace(/^\/api\/v1/, ""));
      setRaw({ id: request.id, text: JSON.stringify(answer.items, null, 2) });
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };
  return (
    <>
      <table className="results" data-testid="customer-requests">
        <thead>
          <tr>
            <th>Time</th>
            <th>Name</th>
            <th>Status</th>
            <th>Duration</th>
            <th>Environment</th>
            <th>Assignments</th>
            <th>Raw events (±5 min)</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => (
            <tr key={request.id}>
              <td>{shortTime(request.ts)}</td>
              <td>{request.name}</td>
              <td>{request.status ?? "—"}</td>
              <td>{request.durationMs === null ? "—" : `${Math.round(request.durationMs)} ms`}</td>
              <td>{request.environment}</td>
              <td>
                {Object.entries(request.assignments)
                  .map(([flag, variation]) => `${flag}=${variation}`)
                  .join(", ")}
              </td>
              <td>
                <button type="button" className="quiet" onClick={() => void openRaw(request)}>
                  Raw events
                </button>{" "}
                {me.role !== "support" && (
                  <Link
                    href={request.explorerHref}
                    aria-label={`Open ${unit}'s events around ${request.ts} in the explorer`}
                  >
                    Explorer
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNote error={error} />
      {raw !== null && (
        <div data-testid="customer-raw-events">
          <h3>Raw events around {raw.id}</h3>
          <pre>{raw.text}</pre>
        </div>
      )}
    </>
  );
}
