import type { DemoApi } from "./demo-api.js";
import { guest, randomStream, seasonality } from "./guests.js";

/** What the seed created, for the caller's summary and links. */
export interface SeedSummary {
  created: boolean;
  flags: string[];
  experiment: string;
  monitor: string;
  staleGate: string;
  historyEvents: number;
  experimentUnits: number;
}

export const SEED_ENVIRONMENT = "production";
export const STALE_GATE = "instant-confirmation";
export const SEARCH_FLAG = "search-ranking";
export const SEARCH_EXPERIMENT = "search-ranking-abc";
export const BOOKINGS_MONITOR = "bookings";
export const OLD_RELEASE = "5e1f0c2";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Events per average hour of back-filled history (before seasonality). */
const HISTORY_PER_HOUR = 24;
const BATCH = 1_000;

type Item = Record<string, unknown>;

/**
 * Fills a server with a small, believable shop through the public API only: releases, metrics, an A/B/C search
 * ranking experiment with results, a gate full on everywhere with a code reference, a bookings monitor, and `days`
 * (five weeks) of seasonal history. Every booking of that history evaluated the gate to `on`, so the debt board's
 * evidence from traffic (one variation for its N = 30 days) lists the gate, as it would on a shop that launched it
 * a month ago. A server that already has the search flag is left as it is.
 */
export async function seedDemoData(
  api: DemoApi,
  options: { days?: number; log?: (line: string) => void; monitor?: boolean } = {},
): Promise<SeedSummary> {
  const log = options.log ?? (() => {});
  const days = options.days ?? 35;
  const summary: SeedSummary = {
    created: false,
    flags: [SEARCH_FLAG, STALE_GATE, "holiday-banner"],
    experiment: SEARCH_EXPERIMENT,
    monitor: BOOKINGS_MONITOR,
    staleGate: STALE_GATE,
    historyEvents: 0,
    experimentUnits: 0,
  };
  const existing = await api.call<{ items: { key: string }[] }>("GET", "/flags");
  if (existing.items.some((flag) => flag.key === SEARCH_FLAG)) return summary;
  summary.created = true;
  const now = Date.now();

  await api.call("POST", "/releases", {
    sha: OLD_RELEASE,
    environment: SEED_ENVIRONMENT,
    deployedAt: new Date(now - days * DAY).toISOString(),
  });
  await api.call("POST", "/releases", {
    sha: "9b7e2d1",
    environment: SEED_ENVIRONMENT,
    deployedAt: new Date(now - 7 * DAY).toISOString(),
  });

  log("metrics and the search-ranking experiment");
  const metrics: Item[] = [
    { name: "search-booking-rate", kind: "proportion", where: [{ field: "name", op: "=", value: "booking" }] },
    {
      name: "search-latency",
      kind: "mean",
      aggregate: "sum",
      field: "durationMs",
      direction: "lower",
      tolerance: 0.1,
      where: [{ field: "fields.http.route", op: "=", value: "/search" }],
    },
    {
      name: "sql-ms-per-execution",
      kind: "ratio",
      direction: "lower",
      tolerance: 0.1,
      numerator: { aggregate: "sum", field: "spans.sql.ms" },
      denominator: { aggregate: "sum", field: "spans.sql.count" },
    },
  ];
  for (const metric of metrics) await api.call("POST", "/metrics", metric);
  await api.call("POST", "/experiments", {
    name: SEARCH_EXPERIMENT,
    hypothesis: "Ranking by guest reviews (B) or by distance (C) gets more bookings than by price (A).",
    metrics: ["search-booking-rate"],
    secondaryMetrics: ["sql-ms-per-execution"],
    guardrails: ["search-latency"],
  });

  log("flags");
  await api.call(
    "POST",
    "/flags",
    {
      key: SEARCH_FLAG,
      owner: "search",
      description: "How search results are ordered.",
      type: "string",
      variations: [
        { key: "A", value: "price" },
        { key: "B", value: "reviews" },
        { key: "C", value: "distance" },
      ],
      defaultVariation: "A",
      environments: {
        [SEED_ENVIRONMENT]: {
          rules: [{ id: "abc", kind: "experiment", key: SEARCH_EXPERIMENT, variations: ["A", "B", "C"] }],
        },
      },
    },
    { "x-change-reason": "start the search ranking test" },
  );
  await api.call(
    "POST",
    "/flags",
    {
      key: STALE_GATE,
      owner: "payments",
      description: "Confirm bookings without the extra review page. Launched; the gate is still in the code.",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        development: { rules: [{ id: "everyone", kind: "ramp", serve: "on", percent: 100 }] },
        staging: { rules: [{ id: "everyone", kind: "ramp", serve: "on", percent: 100 }] },
        [SEED_ENVIRONMENT]: { rules: [{ id: "everyone", kind: "ramp", serve: "on", percent: 100 }] },
      },
    },
    { "x-change-reason": "launched to everyone" },
  );
  await api.call(
    "POST",
    "/flags",
    {
      key: "holiday-banner",
      owner: "marketing",
      description: "The winter holidays banner on the home page.",
      type: "boolean",
      defaultVariation: "off",
      environments: { [SEED_ENVIRONMENT]: { enabled: false, rules: [] } },
    },
    { "x-change-reason": "ready for December" },
  );
  await api.call("POST", "/code-references", {
    repository: "github.com/acme/shop",
    branch: "main",
    commit: "64fd32f",
    references: [
      {
        flag: STALE_GATE,
        file: "src/checkout/confirm.ts",
        line: 42,
        kind: "call",
        deadLines: { on: 3, off: 12 },
        text: 'if (client.isOn("instant-confirmation")) return confirmNow(booking);',
      },
      {
        flag: SEARCH_FLAG,
        file: "src/search/rank.ts",
        line: 17,
        kind: "call",
        text: 'const order = client.value("search-ranking", "price");',
      },
    ],
  });

  log(`${days} days of history with daily and weekly seasonality`);
  summary.historyEvents = await backfillHistory(api, now - days * DAY, now - 5 * 60_000);
  log("the experiment's exposures and events");
  summary.experimentUnits = await experimentTraffic(api);

  // The live demo watches its own shop's bookings instead: this one, over history that ends, would alert at once.
  if (options.monitor !== false) {
    await api.call("POST", "/monitors", {
      key: BOOKINGS_MONITOR,
      description: "Bookings per minute against the same minutes of the previous weeks.",
      metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: SEED_ENVIRONMENT },
      alert: { direction: "drop" },
    });
  }
  return summary;
}

/** Searches, views and bookings from `from` to `to`, one batch at a time, shaped by `seasonality`. */
async function backfillHistory(api: DemoApi, from: number, to: number): Promise<number> {
  const random = randomStream(20);
  let batch: Item[] = [];
  let sent = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await api.call("POST", `/events?environment=${SEED_ENVIRONMENT}`, toNdjson(batch));
    sent += batch.length;
    batch = [];
  };
  for (let hour = from; hour < to; hour += HOUR) {
    const count = Math.round(HISTORY_PER_HOUR * seasonality(new Date(hour)) * (0.85 + 0.3 * random()));
    for (let i = 0; i < count; i++) {
      const at = hour + Math.floor(random() * HOUR);
      if (at >= to) continue;
      const who = guest(Math.floor(random() * 2_000));
      const ts = new Date(at).toISOString();
      const release = at < to - 7 * DAY ? OLD_RELEASE : "9b7e2d1";
      const context = { country: who.country, os: who.os, device: who.device };
      const sqlCount = 2 + Math.floor(random() * 3);
      batch.push({
        type: "event",
        id: `h-${at}-${i}`,
        ts,
        name: "request",
        unit: who.id,
        release,
        durationMs: 40 + Math.round(random() * 60),
        status: "200",
        fields: { http: { route: "/search", method: "GET" }, user: context },
        spans: {
          sql: { ms: sqlCount * (3 + random() * 3), count: sqlCount },
          render: { ms: 8 + random() * 6, count: 1 },
        },
      });
      if (random() < 0.6) {
        batch.push({
          type: "event",
          id: `h-${at}-${i}-v`,
          ts,
          name: "request",
          unit: who.id,
          release,
          durationMs: 30 + Math.round(random() * 40),
          status: "200",
          fields: { http: { route: "/view", method: "GET" }, user: context },
          spans: { sql: { ms: 4 + random() * 3, count: 1 }, render: { ms: 10 + random() * 8, count: 1 } },
        });
      }
      if (random() < 0.25) {
        batch.push({
          type: "event",
          id: `h-${at}-${i}-b`,
          ts,
          name: "booking",
          unit: who.id,
          release,
          // The booking path asks the launched gate (src/checkout/confirm.ts:42), which serves on to everyone.
          assignments: { [STALE_GATE]: "on" },
          durationMs: 120 + Math.round(random() * 80),
          fields: { booking: { amount: 80 + Math.round(random() * 200) }, user: context },
          spans: { "payment-call": { ms: 90 + random() * 60, count: 1 } },
        });
      }
      if (batch.length >= BATCH) await flush();
    }
  }
  await flush();
  return sent;
}

/**
 * What the SDKs of the search service send after the experiment started: each guest's exposure, their searches
 * with SQL span totals, and a booking for some. Reviews (B) book more; distance (C) runs more SQL per execution.
 */
async function experimentTraffic(api: DemoApi): Promise<number> {
  const random = randomStream(7);
  const items: Item[] = [];
  const units = 600;
  const ts = new Date().toISOString();
  const variations = ["A", "B", "C"] as const;
  const bookRate = { A: 0.2, B: 0.3, C: 0.21 } as const;
  const sqlPerExecution = { A: 4, B: 4.1, C: 5.2 } as const;
  for (let n = 0; n < units; n++) {
    const who = guest(10_000 + n);
    const variation = variations[n % 3] ?? "A";
    const assignments = { [SEARCH_FLAG]: variation };
    items.push({
      type: "exposure",
      id: `x-${who.id}`,
      ts,
      unit: who.id,
      hashAttribute: "id",
      flag: SEARCH_FLAG,
      variation,
      ruleId: "abc",
      experiment: SEARCH_EXPERIMENT,
      inExperiment: true,
    });
    const sqlCount = 3 + (n % 3);
    items.push({
      type: "event",
      id: `s-${who.id}`,
      ts,
      name: "request",
      unit: who.id,
      durationMs: 50 + Math.round(random() * 40),
      status: "200",
      assignments,
      fields: { http: { route: "/search", method: "GET" }, user: { country: who.country, os: who.os } },
      spans: { sql: { ms: sqlCount * sqlPerExecution[variation] * (0.9 + 0.2 * random()), count: sqlCount } },
    });
    if (random() < bookRate[variation]) {
      items.push({ type: "event", id: `sb-${who.id}`, ts, name: "booking", unit: who.id, assignments });
    }
  }
  for (let i = 0; i < items.length; i += BATCH) {
    await api.call("POST", `/events?environment=${SEED_ENVIRONMENT}`, toNdjson(items.slice(i, i + BATCH)));
  }
  return units;
}

function toNdjson(items: Item[]): string {
  return `${items.map((item) => JSON.stringify(item)).join("\n")}\n`;
}
