import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestTestApp, KEYS } from "./testing/ingest-test-app.js";

// Every case is an item as JSON text (so `1e999` and `\ud800` escapes reach the server as a client sends them),
// posted alone as a JSON array and as NDJSON against the real app over a real DuckDB store.
type TestApp = Awaited<ReturnType<typeof createIngestTestApp>>;
let current: TestApp;
beforeAll(async () => {
  current = await createIngestTestApp();
});
afterAll(async () => {
  await current.close();
});

const TS = '"2026-03-01T12:00:00.000Z"';
const event = (extra: string, ts = TS) => `{"type":"event","id":"e1","ts":${ts},"name":"request"${extra}}`;
const exposure = (extra: string) =>
  `{"type":"exposure","id":"x1","ts":${TS},"unit":"u1","hashAttribute":"id","flag":"f","variation":"on","ruleId":"r"${extra}}`;
const nested = (open: string, leaf: string, close: string, levels: number) =>
  open.repeat(levels) + leaf + close.repeat(levels);

let sequence = 0;
async function post(kind: "json" | "ndjson", itemText: string) {
  sequence += 1;
  const response = await current.app.inject({
    method: "POST",
    url: "/api/v1/events",
    headers: {
      authorization: `Bearer ${KEYS.server}`,
      "content-type": kind === "json" ? "application/json" : "application/x-ndjson",
      "idempotency-key": `storable-${sequence}`,
    },
    payload: kind === "json" ? `[${itemText}]` : `${itemText}\n`,
  });
  return { status: response.statusCode, body: response.json() };
}

async function expectRefused(itemText: string, path: string, message: RegExp): Promise<void> {
  const before = (await current.events.stats()).events + (await current.events.stats()).exposures;
  for (const kind of ["json", "ndjson"] as const) {
    const { status, body } = await post(kind, itemText);
    expect({ kind, status, code: body.error?.code }).toEqual({ kind, status: 400, code: "VALIDATION_FAILED" });
    const detail = body.error.details.find((d: { path: string }) => d.path.startsWith(path));
    expect(detail, `${kind}: ${JSON.stringify(body.error.details)}`).toBeDefined();
    expect(detail.message).toMatch(message);
  }
  const after = (await current.events.stats()).events + (await current.events.stats()).exposures;
  expect(after).toBe(before);
}

const surrogate = /lone UTF-16 surrogate/;
const finite = /finite/;

describe("D1: every item the event store cannot hold is refused at validation, naming item and field", () => {
  it.each([
    ["span count ≥ 2^63", event(',"spans":{"db":{"ms":1,"count":1e20}}'), "[0].spans.db.count", /integer from 0 to/],
    [
      "span count = 2^63",
      event(',"spans":{"db":{"ms":1,"count":9223372036854775808}}'),
      "[0].spans.db.count",
      /integer from 0 to/,
    ],
    [
      "span count beyond 2^53",
      event(',"spans":{"db":{"ms":1,"count":9007199254740993}}'),
      "[0].spans.db.count",
      /integer from 0 to/,
    ],
    ["span ms 1e999", event(',"spans":{"db":{"ms":1e999,"count":1}}'), "[0].spans.db", /number/],
    ["durationMs 1e999", event(',"durationMs":1e999'), "[0].durationMs", /number/],
    ["counter 1e999", event(',"counters":{"n":1e999}'), "[0].counters.n", finite],
    ["fields number 1e999", event(',"fields":{"a":{"b":-1e999}}'), "[0].fields.a.b", finite],
    ["spanTree ms 1e999", event(',"spanTree":[{"name":"s","startMs":0,"ms":1e999}]'), "[0].spanTree[0].ms", finite],
    ["message atMs 1e999", event(',"messages":[{"atMs":1e999,"text":"t"}]'), "[0].messages[0]", /number/],
    ["lone high surrogate in name", event("").replace('"request"', '"re\\ud800"'), "[0].name", surrogate],
    ["lone low surrogate in id", event("").replace('"e1"', '"\\udc00e1"'), "[0].id", surrogate],
    ["lone surrogate in release", event(',"release":"\\ud83d"'), "[0].release", surrogate],
    ["lone surrogate in unit", event(',"unit":"\\udfff"'), "[0].unit", surrogate],
    ["lone surrogate in status", event(',"status":"\\ud800"'), "[0].status", surrogate],
    ["lone surrogate in a fields key", event(',"fields":{"k\\ud800":1}'), "[0].fields.k", surrogate],
    ["lone surrogate in a fields value", event(',"fields":{"a":{"b":"\\ud800"}}'), "[0].fields.a.b", surrogate],
    ["lone surrogate in a fields array", event(',"fields":{"a":["ok","\\ud800"]}'), "[0].fields.a[1]", surrogate],
    [
      "lone surrogate in a message",
      event(',"messages":[{"atMs":1,"text":"\\ud800"}]'),
      "[0].messages[0].text",
      surrogate,
    ],
    [
      "lone surrogate in message fields",
      event(',"messages":[{"atMs":1,"text":"t","fields":{"x":"\\udc00"}}]'),
      "[0].messages[0].fields.x",
      surrogate,
    ],
    ["lone surrogate in a span name", event(',"spans":{"d\\ud800":{"ms":1,"count":1}}'), "[0].spans.d", surrogate],
    [
      "lone surrogate in a spanTree name",
      event(',"spanTree":[{"name":"\\ud800","startMs":0,"ms":1}]'),
      "[0].spanTree[0].name",
      surrogate,
    ],
    ["lone surrogate in a flag key", event(',"assignments":{"f\\ud800":"on"}'), "[0].assignments.f", surrogate],
    ["lone surrogate in a variation", event(',"assignments":{"f":"\\ud800"}'), "[0].assignments.f", surrogate],
    ["lone surrogate in a counter name", event(',"counters":{"\\ud800":1}'), "[0].counters.", surrogate],
    ["lone surrogate in an exposure's flag", exposure("").replace('"f"', '"\\ud800"'), "[0].flag", surrogate],
    ["lone surrogate in an exposure's experiment", exposure(',"experiment":"\\ud800"'), "[0].experiment", surrogate],
  ])("D1: refuses %s", async (_name, itemText, path, message) => {
    await expectRefused(itemText, path, message);
  });

  it.each([
    ["NUL in a name", event("").replace('"request"', '"re\\u0000quest"'), "name", "re\u0000quest"],
    ["NUL in a fields value", event(',"fields":{"k":"a\\u0000b"}'), "attr_str[1]", "a\u0000b"],
    ["a surrogate pair (emoji) in a name", event("").replace('"request"', '"\\ud83d\\ude00"'), "name", "😀"],
  ])("D1: stores %s as sent", async (_name, itemText, column, expected) => {
    for (const kind of ["json", "ndjson"] as const) {
      const id = `stored-${kind}-${sequence}`;
      const { status } = await post(kind, itemText.replace('"e1"', `"${id}"`));
      expect({ kind, status }).toEqual({ kind, status: 200 });
      const rows = await current.events.run({ sql: `SELECT ${column} FROM events WHERE id = ?`, params: [id] });
      expect(rows.rows).toEqual([[expected]]);
    }
  });
});

describe("D13: nesting deeper than 32 levels is refused at validation, identically for JSON and NDJSON", () => {
  it.each([
    ["fields 20,000 deep", event(`,"fields":${nested('{"a":', "1", "}", 20_000)}`), "[0].fields.a.a"],
    ["fields 33 deep", event(`,"fields":${nested('{"a":', "1", "}", 33)}`), "[0].fields.a.a"],
    ["arrays in fields 50,000 deep", event(`,"fields":{"a":${nested("[", "1", "]", 50_000)}}`), "[0].fields.a[0]"],
    [
      "spanTree 5,000 deep",
      event(`,"spanTree":${nested('[{"name":"s","startMs":0,"ms":1,"children":', "[]", "}]", 5_000)}`),
      "[0].spanTree[0].children",
    ],
    [
      "message fields 1,000 deep",
      event(`,"messages":[{"atMs":1,"text":"t","fields":${nested('{"a":', "1", "}", 1_000)}}]`),
      "[0].messages[0].fields.a",
    ],
  ])("D13: refuses %s", async (_name, itemText, path) => {
    await expectRefused(itemText, path, /deeper than 32 levels/);
  });

  it("D13: stores fields nested exactly 32 levels deep", async () => {
    for (const kind of ["json", "ndjson"] as const) {
      const itemText = event(`,"fields":${nested('{"a":', "1", "}", 32)}`).replace('"e1"', `"deep-${kind}"`);
      expect((await post(kind, itemText)).status).toBe(200);
    }
  });
});

describe("D8: ts must be an RFC 3339 date-time with a time zone inside the accepted window", () => {
  const now = Date.now();
  const iso = (ms: number) => JSON.stringify(new Date(ms).toISOString());
  it.each([
    ["a bare number in a string", '"1"'],
    ["a date in words", '"Tue Mar 1 2026"'],
    ["an expanded year", '"+275760-09-13T00:00:00.000Z"'],
    ["a negative expanded year", '"-000001-01-01T00:00:00.000Z"'],
    ["a date without a time", '"2026-03-01"'],
    ["a time without a zone", '"2026-03-01T12:00:00"'],
    ["a space instead of T", '"2026-03-01 12:00:00Z"'],
    ["a day the month lacks", '"2026-02-30T12:00:00Z"'],
    ["hour 24", '"2026-03-01T24:00:00Z"'],
    ["an offset without a colon", '"2026-03-01T12:00:00+0200"'],
    ["epoch milliseconds as a number", "1772366400000"],
    ["before 2000", '"1999-12-31T23:59:59.999Z"'],
    ["more than a day ahead", iso(now + 25 * 3_600_000)],
  ])("D8: refuses %s", async (_name, ts) => {
    await expectRefused(event("", ts), "[0].ts", /RFC 3339|between 2000-01-01/);
  });

  it.each([
    ["UTC with milliseconds", '"2026-03-01T12:00:00.000Z"', "2026-03-01T12:00:00.000Z"],
    ["an offset and nanoseconds", '"2026-03-01T13:00:00.123456789+01:00"', "2026-03-01T12:00:00.123Z"],
    ["the first instant of 2000", '"2000-01-01T00:00:00Z"', "2000-01-01T00:00:00.000Z"],
    ["23 hours ahead", iso(now + 23 * 3_600_000), new Date(now + 23 * 3_600_000).toISOString()],
  ])("D8: stores %s at the instant it names", async (_name, ts, stored) => {
    const id = `ts-${sequence}`;
    expect((await post("ndjson", event("", ts).replace('"e1"', `"${id}"`))).status).toBe(200);
    const rows = await current.events.run({ sql: "SELECT ts FROM events WHERE id = ?", params: [id] });
    expect(rows.rows).toEqual([[stored]]);
  });
});
