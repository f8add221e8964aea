import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";
import { BodyFuzzer, seededRandom } from "./testing/fuzz-bodies.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20250601);
const REQUESTS = 3_000;

let t: TestApp;
let victimTokenId = "";
let scheduleId = "";

beforeAll(async () => {
  t = await createTestApp();
  const post = (url: string, payload: object) => t.call("admin", { method: "POST", url: `/api/v1${url}`, payload });
  await post("/flags", rampFlag());
  await post("/flags", { key: "old-flag", type: "boolean", defaultVariation: "off" });
  await post("/segments", { name: "beta", attribute: "id", ids: ["u1"] });
  await post("/segments", { name: "old-segment", condition: { country: "jp" } });
  await post("/experiments", { name: "short-checkout", metrics: ["conversion"] });
  const token = await post("/tokens", { kind: "personal", name: "victim", role: "viewer" });
  victimTokenId = token.json().token.id;
  const schedule = await post("/flags/new-checkout/schedules", {
    environment: "staging",
    at: "2030-01-01T00:00:00Z",
    action: { op: "kill" },
  });
  scheduleId = schedule.json().items[0].id;
});
afterAll(async () => {
  await t.app.close();
});

/** Every write endpoint with a valid body to mutate. */
function writeEndpoints(): { method: "POST" | "PUT" | "DELETE"; url: string; valid: unknown }[] {
  const env = "/api/v1/flags/new-checkout/environments/production";
  const { key: _key, ...flag } = rampFlag();
  return [
    { method: "POST", url: "/api/v1/flags", valid: rampFlag("fresh-flag") },
    { method: "PUT", url: "/api/v1/flags/new-checkout", valid: flag },
    { method: "POST", url: "/api/v1/flags/old-flag/archive", valid: { reason: "done" } },
    { method: "PUT", url: `${env}/rules`, valid: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 5 }] } },
    { method: "POST", url: `${env}/enable`, valid: { reason: "ok" } },
    { method: "POST", url: `${env}/kill`, valid: { reason: "bad" } },
    { method: "POST", url: `${env}/ramp`, valid: { percent: 10, rule: "rollout" } },
    { method: "POST", url: `${env}/serve-me`, valid: { add: ["u1"], serve: "on" } },
    {
      method: "POST",
      url: "/api/v1/flags/new-checkout/schedules",
      valid: { environment: "production", steps: [{ percent: 50, at: "2030-01-01T00:00:00Z" }] },
    },
    { method: "DELETE", url: `/api/v1/schedules/${scheduleId}`, valid: undefined },
    { method: "POST", url: "/api/v1/segments", valid: { name: "new-seg", attribute: "id", ids: ["a", 1] } },
    { method: "PUT", url: "/api/v1/segments/beta", valid: { condition: { country: { $in: ["jp"] } } } },
    { method: "POST", url: "/api/v1/segments/old-segment/archive", valid: {} },
    { method: "POST", url: "/api/v1/experiments", valid: { name: "new-exp", hypothesis: "h", guardrails: ["e"] } },
    { method: "PUT", url: "/api/v1/experiments/short-checkout", valid: { owner: "ana", metrics: ["m"] } },
    { method: "POST", url: "/api/v1/environments", valid: { name: "qa", description: "QA" } },
    { method: "POST", url: "/api/v1/releases", valid: { sha: "64fd32f", environment: "production" } },
    { method: "POST", url: "/api/v1/tokens", valid: { kind: "server-sdk", name: "api", environment: "staging" } },
    { method: "DELETE", url: `/api/v1/tokens/${victimTokenId}`, valid: undefined },
  ];
}

async function snapshot(): Promise<string> {
  const kinds = ["flag", "segment", "experiment", "environment"] as const;
  const docs = await Promise.all(kinds.map((kind) => t.store.listDocuments(kind, { includeArchived: true })));
  return JSON.stringify({
    docs,
    seq: await t.store.latestSeq(),
    changes: await t.store.listChanges({ limit: 1000 }),
    tokens: await t.store.listTokens(),
    schedules: await t.store.listSchedules(),
    releases: await t.store.listReleases({ limit: 1000 }),
  });
}

it(`never answers 5xx and changes nothing on rejected requests (seed ${SEED}, ${REQUESTS} requests)`, async () => {
  const fuzz = new BodyFuzzer(seededRandom(SEED));
  const endpoints = writeEndpoints();
  let before = await snapshot();
  const statuses = new Map<number, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const endpoint = fuzz.pick(endpoints);
    const validText = JSON.stringify(endpoint.valid ?? {});
    const headers: Record<string, string> = { "content-type": "application/json" };
    let payload: string;
    const shape = fuzz.int(10);
    if (shape < 4) payload = JSON.stringify(fuzz.mutate(endpoint.valid ?? {}));
    else if (shape < 7) payload = JSON.stringify(fuzz.value());
    else if (shape < 9) payload = fuzz.malformedText(validText);
    else {
      payload = validText;
      headers["content-type"] = fuzz.pick([
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin9",
      ]);
    }
    if (fuzz.random() < 0.2) headers["if-match"] = fuzz.pick(['"1"', '"999"', "*", "garbage", '""', 'W/"2"']);
    const response = await t.call("admin", { method: endpoint.method, url: endpoint.url, payload, headers });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    const context = `${endpoint.method} ${endpoint.url} ${payload.slice(0, 300)} → ${response.body.slice(0, 300)}`;
    expect(response.statusCode, context).toBeLessThan(500);
    expect(response.json().error?.code ?? "ok", context).toBeDefined();
    const after = await snapshot();
    if (response.statusCode >= 300) expect(after, context).toBe(before);
    before = after;
  }
  const rejected = [...statuses].filter(([status]) => status >= 400).reduce((sum, [, count]) => sum + count, 0);
  expect(rejected).toBeGreaterThan(REQUESTS * 0.8);
  expect(statuses.has(400)).toBe(true);
}, 120_000);
