import { useMemo, useState } from "react";
import { navigate } from "../app/router.js";
import { latestOf, type MarkerGroup } from "../chart/marker-groups.js";
import { markerHref } from "../chart/marker-style.js";
import { MarkerTip } from "../chart/marker-tip.js";
import { type ChartSeries, TimeChart, type XRange } from "../chart/time-chart.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { DATA_RANGE, EXPOSURE_RANGES, useExposures } from "./exposures-data.js";

const PALETTE = ["#1f5fbf", "#b3261e", "#1b7a3a", "#9a6200", "#7b3fa6", "#00777a"];
const DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 3], [8, 2, 2, 2], [10, 4], [1, 2]];

/** Units exposed to each variation of the flag over time (exposure records), with the flag's changes as markers. */
export function ExposuresChart({ flagKey, env, variations }: { flagKey: string; env: string; variations: string[] }) {
  const [last, setLast] = useState(DATA_RANGE);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const { data, error } = useExposures(flagKey, env, last, variations, nowMs);
  const [range, setRange] = useState<XRange>(null);
  const [hover, setHover] = useState<{ group: MarkerGroup; left: number } | null>(null);
  const series = useMemo<ChartSeries[]>(
    () =>
      (data?.variations ?? []).map((v, i) => ({
        label: v.key,
        color: PALETTE[i % PALETTE.length] ?? "#1f5fbf",
        values: v.counts,
        ...(DASHES[i % DASHES.length] === undefined ? {} : { dash: DASHES[i % DASHES.length] as number[] }),
      })),
    [data],
  );
  const bucket = data?.bucket ?? EXPOSURE_RANGES[last]?.bucket ?? "…";
  return (
    <section className="card" aria-labelledby="exposures-title">
      <h2 id="exposures-title">Exposures per variation in {env}</h2>
      <p className="muted" data-testid="exposures-caption">
        Distinct units whose exposure to each variation was recorded, every {bucket}. Lines differ by dash as well as
        colour; markers are this flag's changes.
      </p>
      <div className="filter-bar">
        <label>
          Range
          <select
            value={last}
            onChange={(e) => {
              setLast(e.target.value);
              setRange(null);
            }}
          >
            {[DATA_RANGE, ...Object.keys(EXPOSURE_RANGES)].map((r) => (
              <option key={r} value={r}>
                {r === DATA_RANGE ? "where the data is" : `last ${r}`}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="quiet" onClick={() => setNowMs(Date.now())}>
          Refresh
        </button>
      </div>
      <ErrorNote error={error} />
      {data === null ? (
        <p className="loading">Loading exposures…</p>
      ) : data.total === 0 ? (
        <ExposuresEmpty flagKey={flagKey} />
      ) : (
        <div
          className="chart-cell"
          data-testid="exposures-chart"
          data-from={new Date((data.times[0] ?? 0) * 1000).toISOString()}
          data-to={new Date((data.times.at(-1) ?? 0) * 1000).toISOString()}
        >
          <TimeChart
            title={`${flagKey} units exposed per variation`}
            unit={`units per ${bucket}`}
            times={data.times}
            series={series}
            markers={data.markers}
            range={range}
            onRange={setRange}
            onMarkerHover={(group, left) => setHover(group === null ? null : { group, left })}
            onMarkerClick={(group) => {
              const href = markerHref(latestOf(group));
              if (href !== null) navigate(href);
            }}
          />
          {hover !== null && <MarkerTip group={hover.group} left={hover.left} />}
        </div>
      )}
    </section>
  );
}

function ExposuresEmpty({ flagKey }: { flagKey: string }) {
  return (
    <EmptyState title="No exposures of this flag in this range yet">
      <p>
        The SDK records an exposure when it serves a unit a variation of an experiment (or of any rule with{" "}
        <code>exposures: "all"</code>) and sends it with its events. With the Node SDK:
      </p>
      <pre>{`import { createClient } from "@switchboard/sdk/node";
import { createEventsClient } from "@switchboard/sdk/events";
import { flushOnExit, switchboardFastify } from "@switchboard/sdk/middleware";

const client = createClient({ url: "${window.location.origin}", sdkKey: process.env.SWITCHBOARD_SDK_KEY });
const events = createEventsClient(client, { exposures: "all" });
flushOnExit(events);
await app.register(switchboardFastify, { events });

app.get("/checkout", async () => (client.isOn("${flagKey}") ? newCheckout() : oldCheckout()));`}</pre>
    </EmptyState>
  );
}
