import { rampFlag } from "../../http/testing/create-test-app.js";

/**
 * A valid body per write route of the OpenAPI document, keyed `METHOD /path/{param}`: the malformed classes are
 * made from these. A route missing here fails the coverage test, so a new route cannot escape the suite.
 */
export function writeRouteTemplates(): Record<string, unknown> {
  const flag = "/api/v1/flags/{key}";
  const env = `${flag}/environments/{env}`;
  const service = "/api/v1/traffic/services/{environment}/{service}";
  const { key: _key, ...flagBody } = rampFlag();
  const checkout = [{ field: "name", op: "=", value: "checkout" }];
  const bookings = { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" };
  const sample = { type: "event", id: "tpl-1", ts: "2026-03-01T12:00:00.000Z", name: "request", fields: { a: "b" } };
  return {
    "POST /api/v1/environments": { name: "qa", description: "QA" },
    "POST /api/v1/flags": rampFlag("fresh-flag"),
    [`PUT ${flag}`]: flagBody,
    "POST /api/v1/flag-sets/apply": {
      reason: "flags apply from commit 64fd32f",
      flags: [{ key: "planned-flag", expectedVersion: null, flag: flagBody }],
    },
    [`POST ${flag}/archive`]: { reason: "done" },
    [`PUT ${env}/rules`]: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 5 }] },
    [`POST ${env}/enable`]: { reason: "ok" },
    [`POST ${env}/kill`]: { reason: "bad" },
    [`POST ${env}/ramp`]: { percent: 10, rule: "rollout" },
    [`POST ${env}/serve-me`]: { add: ["u1"], serve: "on" },
    [`POST ${flag}/schedules`]: { environment: "staging", steps: [{ percent: 50, at: "2030-01-01T00:00:00Z" }] },
    "DELETE /api/v1/schedules/{id}": undefined,
    "POST /api/v1/change-requests/{id}/approve": { reason: "checked", applyAt: "2030-01-01T00:00:00Z" },
    "POST /api/v1/change-requests/{id}/reject": { reason: "not now" },
    "POST /api/v1/change-requests/{id}/cancel": { reason: "withdrawn" },
    "POST /api/v1/segments": { name: "new-seg", attribute: "id", ids: ["a", "b"] },
    "PUT /api/v1/segments/{name}": { condition: { country: { $in: ["jp"] } } },
    "POST /api/v1/segments/{name}/archive": { reason: "unused" },
    "POST /api/v1/experiments": { name: "new-exp", hypothesis: "h", metrics: ["conversion"], guardrails: ["e"] },
    "PUT /api/v1/experiments/{name}": { owner: "ana", metrics: ["m"] },
    "POST /api/v1/metrics": { name: "fresh-metric", kind: "proportion", where: checkout },
    "PUT /api/v1/metrics/{name}": { kind: "proportion", window: "24h", where: checkout },
    "POST /api/v1/metrics/{name}/archive": { reason: "unused" },
    "POST /api/v1/schema-reviews": {
      dialect: "postgres",
      version: "16",
      sql: "ALTER TABLE users DROP COLUMN name;",
      columnUsage: [{ table: "users", column: "name", file: "src/profile.ts", line: 7, flag: "new-checkout" }],
    },
    "POST /api/v1/monitors": { key: "fresh-monitor", metric: bookings },
    "PUT /api/v1/monitors/{key}": { metric: bookings, scheduleMinutes: 5 },
    "POST /api/v1/monitors/{key}/archive": { reason: "unused" },
    "POST /api/v1/releases": { sha: "64fd32f", environment: "staging" },
    "POST /api/v1/code-references": {
      repository: "git.example.com/acme/shop",
      branch: "main",
      commit: "64fd32f",
      references: [{ flag: "new-checkout", file: "src/checkout.ts", line: 7, kind: "call", via: "isOn" }],
    },
    "POST /api/v1/customers/{unit}/previews": { environment: "production", ttlSeconds: 600 },
    "DELETE /api/v1/customers/{unit}/previews/{id}": undefined,
    "POST /api/v1/tokens": { kind: "server-sdk", name: "api", environment: "staging" },
    "DELETE /api/v1/tokens/{id}": undefined,
    "POST /api/v1/query": { kind: "aggregate", last: "24h", aggregates: [{ fn: "count" }], where: [] },
    "POST /api/v1/traffic/services": {
      name: "fresh-svc",
      environment: "staging",
      pools: [
        { name: "blue", release: "aaaaaaa", backends: ["127.0.0.1:3001"] },
        { name: "green", release: "bbbbbbb", backends: ["127.0.0.1:3002"] },
      ],
      sticky: { source: "cookie", name: "uid" },
    },
    [`PUT ${service}/pools/{pool}`]: { release: "ccccccc", backends: ["127.0.0.1:3003"], healthCheckPath: "/healthz" },
    [`DELETE ${service}/pools/{pool}`]: undefined,
    [`POST ${service}/ramp`]: { weights: { blue: 90, green: 10 }, reason: "canary" },
    [`DELETE ${service}/ramp`]: undefined,
    [`PUT ${service}/rules`]: { sticky: { source: "header", name: "x-user" }, overrides: [], reason: "r" },
    [`POST ${service}/preview-tokens`]: { pool: "green", ttlSeconds: 60 },
    [`POST ${service}/switch`]: { pool: "green", reason: "go" },
    [`POST ${service}/back`]: { reason: "revert" },
    [`POST ${service}/drain`]: { pool: "blue" },
    [`POST ${service}/data-plane/stats`]: {
      reporter: "proxy-1",
      pools: [
        { pool: "blue", healthy: true, backends: [], requestRate: 1, requestsTotal: 10, errorsTotal: 0, errorRate: 0 },
      ],
    },
    "POST /api/v1/events": [sample],
  };
}
