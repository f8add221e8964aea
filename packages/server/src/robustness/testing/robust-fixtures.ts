import type { Flag, IngestItem } from "@switchboard/core";
import { createChangeRequestService } from "../../control-plane/change-requests/index.js";
import { rampFlag } from "../../http/testing/create-test-app.js";
import { systemClock } from "../../kernel/index.js";
import type { RobustApp } from "./create-robust-app.js";

/** Path parameter values per `previousSegment/{param}`, pointing at documents that exist. */
export type Fixtures = Record<string, string>;

/**
 * Creates one fresh set of documents (flag, segment, experiment, service with two pools, schedule, token, metric, monitor, alert) named
 * with `suffix`, so a class that archived or deleted the previous set still hits live documents.
 */
export async function createFixtures(robust: RobustApp, suffix: string): Promise<Fixtures> {
  const post = async (url: string, payload: unknown) => {
    const response = await robust.call("admin", { method: "POST", url: `/api/v1${url}`, payload: payload as object });
    if (response.statusCode >= 300) throw new Error(`fixture ${url} failed: ${response.statusCode} ${response.body}`);
    return response.json() as Record<string, unknown>;
  };
  const key = `fz-flag-${suffix}`;
  await post("/flags", rampFlag(key));
  await post(`/segments`, { name: `fz-seg-${suffix}`, attribute: "id", ids: ["u1"] });
  await post(`/experiments`, { name: `fz-exp-${suffix}`, metrics: ["conversion"] });
  await post("/traffic/services", {
    name: `fz-svc-${suffix}`,
    environment: "staging",
    pools: [
      { name: "blue", backends: ["127.0.0.1:3001"] },
      { name: "green", backends: ["127.0.0.1:3002"] },
    ],
  });
  const schedule = await post(`/flags/${key}/schedules`, {
    environment: "staging",
    at: "2030-01-01T00:00:00Z",
    action: { op: "kill" },
  });
  // A pending change request: held writes come from protected environments, which this app does not configure.
  const stored = await robust.store.getDocument<Flag>("flag", key);
  const requests = createChangeRequestService({
    store: robust.store,
    clock: systemClock,
    config: { reasonRequiredIn: [], changeRequestsIn: ["production"] },
  });
  const proposer = { actor: `fz-proposer-${suffix}`, role: "editor" as const, reason: "fixture" };
  const before = stored?.body ?? null;
  const after = before === null ? null : { ...before, description: "changed by a request" };
  const { held } = await requests.propose(
    [{ key, expectedVersion: stored?.version ?? null, before, after }],
    ["production"],
    proposer,
    `update ${key}`,
  );
  const token = await post("/tokens", { kind: "personal", name: `fz-victim-${suffix}`, role: "viewer" });
  await post("/metrics", {
    name: `fz-metric-${suffix}`,
    kind: "proportion",
    where: [{ field: "name", op: "=", value: "checkout" }],
  });
  await post("/monitors", {
    key: `fz-monitor-${suffix}`,
    metric: { fn: "count", where: [{ field: "name", op: "=", value: "booking" }], environment: "production" },
  });
  // Alerts are raised by the runner only; the suites need one to exist, so it is appended the way the runner does.
  const onsetAt = "2030-01-08T11:30:00.000Z";
  const { alert } = await robust.store.appendAlert({
    key: `fz-monitor-${suffix}/${onsetAt}`,
    monitor: `fz-monitor-${suffix}`,
    environment: "production",
    direction: "drop",
    onsetAt,
    detectedAt: "2030-01-08T11:34:00.000Z",
    expected: 40,
    actual: 28,
    sentence: "bookings −30%",
    cause: null,
  });
  // A customer: one request and one exposure of a unit in the event store, and a preview minted for it.
  const unit = `fz-unit-${suffix}`;
  const ts = new Date().toISOString();
  const customerItems = [
    { type: "event", id: `fz-req-${suffix}`, ts, name: "request", unit, fields: { context: { country: "jp" } } },
    {
      type: "exposure",
      id: `fz-exp-${suffix}`,
      ts,
      unit,
      hashAttribute: "id",
      flag: key,
      variation: "on",
      ruleId: "rollout",
    },
  ] as IngestItem[];
  await robust.events.append({ batchId: `fz-customer-${suffix}`, environment: "production", items: customerItems });
  const preview = await post(`/customers/${unit}/previews`, { environment: "production" });
  const review = await post("/schema-reviews", { dialect: "mysql", sql: "ALTER TABLE orders ADD COLUMN note text;" });
  return {
    "customers/unit": unit,
    "previews/id": String((preview["preview"] as { id: string }).id),
    "flags/key": key,
    "environments/env": "staging",
    "segments/name": `fz-seg-${suffix}`,
    "experiments/name": `fz-exp-${suffix}`,
    "schedules/id": String((schedule["items"] as { id: string }[])[0]?.id),
    "tokens/id": String((token["token"] as { id: string }).id),
    "services/environment": "staging",
    "{environment}/service": `fz-svc-${suffix}`,
    "pools/pool": "blue",
    "metrics/name": `fz-metric-${suffix}`,
    "monitors/key": `fz-monitor-${suffix}`,
    "alerts/id": alert.id,
    "schema-reviews/id": String(review["id"]),
    "change-requests/id": held.id,
  };
}

/** `template` (an OpenAPI path) with every `{param}` filled from `fixtures`, or by `override` when given. */
export function fillPath(template: string, fixtures: Fixtures, override?: (param: string) => string): string {
  const segments = template.split("/");
  return segments
    .map((segment, index) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (param === undefined) return segment;
      if (override !== undefined) return override(param);
      const value = fixtures[`${segments[index - 1]}/${param}`];
      if (value === undefined) throw new Error(`no fixture for ${segments[index - 1]}/{${param}} in ${template}`);
      return encodeURIComponent(value);
    })
    .join("/");
}
