import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createScratchDatabase,
  type ScratchDatabase,
} from "../../packages/server/src/store/postgres-scratch-database.js";
import {
  eventually,
  type HaproxyCluster,
  openResumingStream,
  type ResumingStream,
  startHaproxyCluster,
} from "./cluster-failover.js";
import { POSTGRES_SERVER_URL } from "./postgres-url.js";
import { api, openStream, type ServeProcess } from "./serve-process.js";

// Three `switchboard serve` processes on one PostgreSQL (each with its own embedded DuckDB for events), behind a
// real HAProxy configured by `switchboard cluster haproxy-config`. The same cluster on one shared ClickHouse for
// events: cluster-clickhouse.e2e.test.ts.

const run = promisify(execFile);
const adminToken = "sb_admin_cluster-test-token-0123456789";
let database: ScratchDatabase;
let cluster: HaproxyCluster | undefined;
let servers: ServeProcess[] = [];
let balancer = "";
let configFile = "";

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES_SERVER_URL);
  cluster = await startHaproxyCluster({
    SWITCHBOARD_DATABASE_URL: database.url,
    SWITCHBOARD_ADMIN_TOKEN: adminToken,
    SWITCHBOARD_TRUST_PROXY: "1",
  });
  ({ servers, balancer, configFile } = cluster);
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  await database?.drop();
});

async function serverKey(name: string): Promise<string> {
  const key = await api(balancer, adminToken, "POST", "/api/v1/tokens", {
    kind: "server-sdk",
    name,
    environment: "production",
  });
  expect(key.status).toBe(201);
  return key.body.secret;
}

function flag(key: string, rules: unknown[] = []): object {
  return { key, type: "boolean", defaultVariation: "off", environments: { production: { enabled: true, rules } } };
}

describe("several servers on one PostgreSQL form one cluster", () => {
  test("the generated HAProxy configuration is valid for HAProxy itself", async () => {
    const checked = await run("haproxy", ["-c", "-f", configFile]);
    expect(checked.stdout + checked.stderr).toMatch(/Configuration file is valid/);
  });

  test("a change made through one server reaches the SDK streams of the other", async () => {
    const [a, b] = servers as [ServeProcess, ServeProcess];
    const secret = await serverKey("cluster-test");
    const stream = await openStream(`${b.url}/api/v1/sdk/stream`, secret);
    await stream.waitFor((event) => event.event === "payload");

    const created = await api(a.url, adminToken, "POST", "/api/v1/flags", flag("cluster-flag"));
    expect(created.status).toBe(201);
    await stream.waitFor((event) => event.data.includes("cluster-flag"), 10_000);

    const killed = await api(b.url, adminToken, "POST", "/api/v1/flags/cluster-flag/environments/production/kill", {
      reason: "cluster test",
    });
    expect(killed.status).toBe(200);
    const changes = await api(a.url, adminToken, "GET", "/api/v1/changes?subjectKey=cluster-flag");
    expect(changes.body.items.map((c: { action: string }) => c.action)).toEqual(["flag.kill", "flag.create"]);
    stream.close();
  });

  test("a server killed with -9 mid-load loses no acknowledged write, its streams resume elsewhere and miss nothing, and schedules run once", async () => {
    const secret = await serverKey("failover");
    const subscribers: ResumingStream[] = [];
    for (let index = 0; index < 12; index++) {
      subscribers.push(await openResumingStream(`${balancer}/api/v1/sdk/stream`, secret));
    }
    // Least connections spreads the streams over all three.
    expect(new Set(subscribers.map((s) => s.servedBy[0])).size).toBe(3);

    // Background runners: one-off activations and a ramp plan, due while the load runs and the server dies.
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    expect((await api(balancer, adminToken, "POST", "/api/v1/flags", flag("sched-once"))).status).toBe(201);
    const ramped = flag("ramp-once", [{ id: "r", kind: "ramp", serve: "on", percent: 0 }]);
    expect((await api(balancer, adminToken, "POST", "/api/v1/flags", ramped)).status).toBe(201);
    const actions = [1_500, 2_500, 3_500, 4_500, 5_500, 6_500];
    for (const [index, at] of actions.entries()) {
      const action = { op: index % 2 === 0 ? "kill" : "enable" };
      const scheduled = await api(balancer, adminToken, "POST", "/api/v1/flags/sched-once/schedules", {
        environment: "production",
        at: soon(at),
        action,
      });
      expect(scheduled.status).toBe(201);
    }
    const steps = [10, 25, 50, 100].map((percent, index) => ({ percent, at: soon(2_000 + index * 1_500) }));
    const plan = await api(balancer, adminToken, "POST", "/api/v1/flags/ramp-once/schedules", {
      environment: "production",
      steps,
    });
    expect(plan.status).toBe(201);

    // Writes through each server directly and through the balancer; one server is killed two seconds in.
    const acknowledged: string[] = [];
    const refused: { key: string; startedAt: number }[] = [];
    let writing = true;
    const writer = async (base: string, prefix: string): Promise<void> => {
      for (let n = 0; writing; n++) {
        const key = `w-${prefix}-${n}`;
        const startedAt = Date.now();
        const answer = await api(base, adminToken, "POST", "/api/v1/flags", flag(key)).catch(() => undefined);
        if (answer?.status === 201) acknowledged.push(key);
        else refused.push({ key, startedAt });
        if (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const writers = [
      ...servers.map((server, index) => writer(server.url, "abc"[index] ?? "?")),
      writer(balancer, "lb"),
    ];
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const victim = servers[2] as ServeProcess;
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    expect(await victim.exited).toBe("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    writing = false;
    await Promise.all(writers);

    // Writes through the survivors never failed. Through the balancer, a write in flight on the victim when it died,
    // or sent to it over a kept-alive connection before the health check marked it down (2 checks 300 ms apart),
    // fails without an acknowledgement (a 502: the client retries it); every one started after that succeeded.
    const byPrefix = (prefix: string) => acknowledged.filter((key) => key.startsWith(`w-${prefix}-`)).length;
    expect(byPrefix("c")).toBeGreaterThan(0);
    expect(byPrefix("lb")).toBeGreaterThan(byPrefix("c"));
    expect(refused.filter(({ key }) => key.startsWith("w-a-") || key.startsWith("w-b-"))).toEqual([]);
    const balancerFailures = refused.filter(({ key }) => key.startsWith("w-lb-"));
    expect(balancerFailures.length).toBeLessThanOrEqual(3);
    expect(balancerFailures.filter(({ startedAt }) => startedAt > killedAt + 1_500)).toEqual([]);

    // 0 acknowledged writes lost.
    const listed = await api(servers[0]?.url ?? "", adminToken, "GET", "/api/v1/flags");
    expect(listed.status).toBe(200);
    const stored = new Set<string>(listed.body.items.map((item: { key: string }) => item.key));
    expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);

    // 0 changes missed: every stream ends up knowing every acknowledged flag; the victim's resumed elsewhere.
    await eventually(
      () => subscribers.every((s) => acknowledged.every((key) => s.keys.has(key))),
      20_000,
      () =>
        subscribers
          .map(
            (s, i) =>
              `stream ${i} via ${s.servedBy.join(">")}: missing ${acknowledged.filter((k) => !s.keys.has(k)).length}`,
          )
          .join("\n"),
    );
    const moved = subscribers.filter((s) => s.servedBy[0] === "c");
    expect(moved.length).toBeGreaterThan(0);
    for (const stream of moved) {
      expect(stream.resumedFrom.length).toBeGreaterThan(0);
      expect(stream.servedBy.slice(1).every((server) => server === "a" || server === "b")).toBe(true);
    }
    for (const stream of subscribers) stream.close();

    // Schedules and ramp steps: each applied once, by one server, also those due after the kill.
    await eventually(
      async () => {
        const listed = await api(balancer, adminToken, "GET", "/api/v1/flags/sched-once/schedules");
        const plan = await api(balancer, adminToken, "GET", "/api/v1/flags/ramp-once/schedules");
        const all = [...listed.body.items, ...plan.body.items] as { status: string }[];
        return all.length === actions.length + steps.length && all.every((s) => s.status === "done");
      },
      30_000,
      () => "schedules not all done",
      250,
    );
    const once = await api(balancer, adminToken, "GET", "/api/v1/changes?subjectKey=sched-once&limit=100");
    expect(once.body.items.map((c: { action: string }) => c.action).reverse()).toEqual([
      "flag.create",
      "flag.kill",
      "flag.enable",
      "flag.kill",
      "flag.enable",
      "flag.kill",
      "flag.enable",
    ]);
    const rampChanges = await api(balancer, adminToken, "GET", "/api/v1/changes?subjectKey=ramp-once&limit=100");
    expect(rampChanges.body.items.length).toBe(1 + steps.length);
  }, 120_000);
});
