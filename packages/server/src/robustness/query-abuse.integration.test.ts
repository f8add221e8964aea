import { afterAll, beforeAll, expect, it } from "vitest";
import { sendChecked } from "./testing/checked-request.js";
import { createRobustApp, type RobustApp } from "./testing/create-robust-app.js";
import { validEvent } from "./testing/ingest-samples.js";
import { abusiveQueries, QUERY_ABUSE_CLASSES } from "./testing/query-abuse.js";
import { scaled } from "./testing/robustness-settings.js";
import { RobustnessTally } from "./testing/robustness-tally.js";

// The query language abused by a viewer: RE2-only regex syntax, extreme numbers and dates, huge filter lists,
// unknown fields and injection strings, over stored events on the real app.
const tally = new RobustnessTally("query-abuse");
let robust: RobustApp;

beforeAll(async () => {
  robust = await createRobustApp();
  const events = Array.from({ length: scaled(50) }, (_, i) => ({
    ...validEvent(`q-${i}`, new Date(Date.now() - i * 60_000).toISOString()),
    fields: { http: { route: `/r${i % 5}` }, n: i, x: "x" },
  }));
  for (const who of ["serverSdk", "devServerSdk"] as const) {
    const response = await robust.call(who, { method: "POST", url: "/api/v1/events", payload: events });
    if (response.statusCode !== 200) throw new Error(`seeding events failed: ${response.body}`);
  }
}, 60_000);
afterAll(async () => {
  tally.print();
  await robust.close();
});

function query(inputClass: string, label: string, body: unknown, headers: Record<string, string> = {}) {
  const options = { method: "POST" as const, url: "/api/v1/query", payload: JSON.stringify(body) };
  return sendChecked(robust, tally, inputClass, {
    who: "viewer",
    options: { ...options, headers: { "content-type": "application/json", ...headers } },
    label: `[${label}]`,
  });
}

for (const abuseClass of QUERY_ABUSE_CLASSES) {
  it(`${abuseClass}: answered 2xx or 4xx with the error shape, never 5xx`, async () => {
    for (const { label, body } of abusiveQueries(abuseClass)) await query(abuseClass, label, body);
    expect(tally.report(abuseClass), `${abuseClass}: ${JSON.stringify(tally.countsOf(abuseClass))}`).toEqual([]);
  }, 120_000);
}

it("events with odd timestamps, once stored, do not break paging or aggregates of their environment", async () => {
  const inputClass = "reads after odd timestamps";
  const created = await robust.call("admin", {
    method: "POST",
    url: "/api/v1/environments",
    payload: { name: "oddts" },
  });
  expect(created.statusCode, created.body).toBe(201);
  const key = await robust.call("admin", {
    method: "POST",
    url: "/api/v1/tokens",
    payload: { kind: "server-sdk", name: "oddts", environment: "oddts" },
  });
  const secret = String((key.json() as { secret: string }).secret);
  const odd = [
    "+275760-09-13T00:00:00.000Z",
    "1",
    "Tue Mar 1 2026",
    "2026-01-01T00:00:00.000Z",
    "2026-01-02T00:00:00.000Z",
  ];
  const stored = await robust.call("none", {
    method: "POST",
    url: "/api/v1/events",
    headers: { authorization: `Bearer ${secret}` },
    payload: odd.map((ts, i) => validEvent(`odd-${i}`, ts)),
  });
  tally.record(inputClass, "POST /api/v1/events odd timestamps", { statusCode: stored.statusCode, body: stored.body });
  // The validator documents "an ISO 8601 date-time"; Date.parse's leniency must not widen that (audit D8).
  for (const ts of ["1", "Tue Mar 1 2026"]) {
    const lenient = await robust.call("none", {
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: `Bearer ${secret}` },
      payload: [validEvent(`lenient-${ts.length}`, ts)],
    });
    tally.record(inputClass, `POST /api/v1/events ts=${ts}`, lenient);
    if (lenient.statusCode !== 400)
      tally.unexpected(inputClass, `POST /api/v1/events ts=${JSON.stringify(ts)} (expected 400)`, lenient);
  }
  let cursor: string | undefined;
  for (let page = 1; page <= 3; page++) {
    const body = { kind: "events", environment: "oddts", limit: 2, ...(cursor === undefined ? {} : { cursor }) };
    const response = await query(inputClass, `events page ${page}`, body);
    if (response.statusCode !== 200) {
      tally.unexpected(inputClass, `events page ${page} with the cursor of page ${page - 1}`, response);
      break;
    }
    cursor = (response.json() as { nextCursor?: string }).nextCursor;
    if (cursor === undefined) break;
  }
  const bucketed = {
    kind: "aggregate",
    aggregates: [{ fn: "count" }],
    bucket: "1d",
    environment: "oddts",
    explain: true,
  };
  await query(inputClass, "bucketed aggregate with explain, no time range", bucketed);
  expect(tally.report(inputClass), `${inputClass}: ${JSON.stringify(tally.countsOf(inputClass))}`).toEqual([]);
}, 60_000);
