import { createEventsClient } from "@switchboard/sdk/events";
import { createClient } from "@switchboard/sdk/node";
import { type DemoApi, demoApi } from "./demo-api.js";
import type { DemoServer } from "./live-server.js";
import { speedNote, stepPauseMs } from "./pacing.js";
import { SEARCH_EXPERIMENT, STALE_GATE, seedDemoData } from "./seed.js";
import {
  backfillLiveHour,
  CHECKOUT_FLAG,
  PAYMENT_FLAG,
  startGuests,
  startShopServer,
  VISITS_PER_SECOND,
} from "./shop.js";
import { createTrafficStage } from "./traffic-stage.js";

export const CHECKOUT_MONITOR = "checkout-bookings";
export const RELEASE = "64fd32f";
const MINUTE = 60_000;
const ENV = "production";

/** What the story showed, step by step; the e2e test checks each outcome through the API as well. */
export interface LiveDemoReport {
  steps: { title: string; ok: boolean; detail: string }[];
  alertId?: string;
  failedRequests?: number;
  lookedUpGuest?: string;
}

export interface LiveDemoOptions {
  server: DemoServer;
  /** The pauses between rollout steps are divided by this; the monitor's minutes stay real minutes (`pacing.ts`). */
  speed: number;
  write: (text: string) => void;
  /** Called after each step, e.g. to take a screenshot of its page. */
  afterStep?: (step: { title: string; link: string }) => Promise<void>;
  signal?: AbortSignal;
}

type Json = Record<string, unknown>;

class Stopped extends Error {}

/**
 * The story of the product, played on a running server: a shop on the real SDK, a release rolled out dark and
 * activated step by step, an experiment's results, an incident caught and undone by a monitor, the raw events that
 * explain it, a bad pool switch caught by a ramp guard, a stale gate on the debt board, and a support lookup.
 * Every step is a public API call, printed with the dashboard page that shows it; a step that cannot complete is
 * reported and the story goes on.
 */
export async function playLiveDemo(options: LiveDemoOptions): Promise<LiveDemoReport> {
  const { server, write, signal } = options;
  const api = demoApi(server.url, server.token);
  const report: LiveDemoReport = { steps: [] };
  const started = Date.now();
  const clock = () => {
    const s = Math.round((Date.now() - started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  };
  const say = (line: string) => write(`[${clock()}] ${line}\n`);
  const pause = () => sleep(stepPauseMs(options.speed), signal);
  // The page is read after the step ran, so it can name what the step found (the guest it looked up).
  const step = async (title: string, page: string | (() => string), body: () => Promise<string>) => {
    if (signal?.aborted) throw new Stopped();
    say(`▶ ${title}`);
    try {
      const detail = await body();
      report.steps.push({ title, ok: true, detail });
      const link = `${server.url}${typeof page === "string" ? page : page()}`;
      say(`  ${detail}`);
      say(`  see ${link}`);
      await options.afterStep?.({ title, link });
    } catch (error) {
      if (error instanceof Stopped || signal?.aborted) throw new Stopped();
      const detail = error instanceof Error ? error.message : String(error);
      report.steps.push({ title, ok: false, detail });
      say(`  (skipped: ${detail})`);
    }
  };

  say(`Switchboard at ${server.url}  (dashboard sign-in token: ${server.token})`);
  if (server.dataDir) say(`data folder ${server.dataDir} (removed when the demo stops)`);
  const note = speedNote(options.speed);
  if (note !== undefined) say(note);
  say("filling the shop's history: five weeks of searches, views and bookings…");
  await seedDemoData(api, { monitor: false, log: (line) => say(`  ${line}`) });

  // The shop: a web service on the real SDK and middleware, its last hour back-filled for the monitor's baseline.
  await api.call(
    "POST",
    "/flags",
    {
      key: CHECKOUT_FLAG,
      owner: "payments",
      description: "The new one-page checkout of release 64fd32f.",
      type: "boolean",
      defaultVariation: "off",
      environments: {
        [ENV]: {
          rules: [
            { id: "jp-mac-guests", kind: "ramp", condition: { country: "jp", os: "macOS" }, serve: "on", percent: 0 },
            { id: "everyone", kind: "ramp", serve: "on", percent: 0 },
          ],
        },
      },
    },
    { "x-change-reason": "the new checkout's gate, dark" },
  );
  // Its payment step, to be A/B tested once the checkout is out; off until then, so it serves the old one.
  await api.call(
    "POST",
    "/flags",
    {
      key: PAYMENT_FLAG,
      owner: "payments",
      description: "The new checkout's payment step: A (card form) against B (express).",
      type: "string",
      variations: [
        { key: "old", value: "old" },
        { key: "A", value: "card-form" },
        { key: "B", value: "express" },
      ],
      defaultVariation: "old",
      environments: {
        [ENV]: {
          enabled: false,
          rules: [
            {
              id: "payment-ab",
              kind: "experiment",
              key: "new-checkout-payment-ab",
              variations: ["old", "A", "B"],
              weights: [0.3, 0.3, 0.4],
            },
          ],
        },
      },
    },
    { "x-change-reason": "the payment step's A/B test, ready" },
  );
  const sdkKey = (
    await api.call<{ secret: string }>("POST", "/tokens", { kind: "server-sdk", name: "shop", environment: ENV })
  ).secret;
  const origin = Date.now() - 60 * MINUTE;
  say("back-filling the shop's last hour…");
  const sent = await backfillLiveHour(api, origin, Date.now());
  await api.call("POST", "/monitors", {
    key: CHECKOUT_MONITOR,
    description: "Bookings of the web shop per minute; switches off the cause of a drop.",
    metric: {
      fn: "count",
      where: [
        { field: "name", op: "=", value: "booking" },
        { field: "fields.channel", op: "=", value: "web" },
      ],
      environment: ENV,
    },
    alert: { direction: "drop", recoveryMinutes: 1 },
    actions: { action: "kill", minConfidence: 0.99 },
  });
  const client = createClient({ url: server.url, sdkKey, release: RELEASE });
  await client.ready({ timeoutMs: 15_000 });
  const events = createEventsClient(client, { exposures: "all", flushIntervalMs: 500 });
  const shop = await startShopServer(client, events);
  const guests = startGuests(shop.url, origin, sent);
  const traffic = await createTrafficStage();
  say(`the shop is open at ${shop.url}: ${VISITS_PER_SECOND} guest visits a second (search, view, book)`);

  try {
    await step(`release ${RELEASE} rolls out dark`, "/timeline", async () => {
      await api.call("POST", "/releases", { sha: RELEASE, environment: ENV });
      const flag = await api.call<Json>("GET", `/flags/${CHECKOUT_FLAG}`);
      return `POST /releases ${RELEASE}: the new checkout is in the code, its gate ${CHECKOUT_FLAG} serves it to nobody (v${flag["version"]})`;
    });
    await pause();
    await step("a developer serves themselves the new checkout", `/flags/${CHECKOUT_FLAG}`, async () => {
      await api.call("POST", `/flags/${CHECKOUT_FLAG}/environments/${ENV}/serve-me`, {
        add: ["guest-7"],
        reason: "let me try it in production",
      });
      return `POST …/serve-me: guest-7 gets the new checkout, everyone else the old one`;
    });
    await pause();
    await step("5% of guests from Japan on macOS", `/flags/${CHECKOUT_FLAG}`, async () => {
      await api.call("POST", `/flags/${CHECKOUT_FLAG}/environments/${ENV}/ramp`, {
        rule: "jp-mac-guests",
        percent: 5,
        reason: "first real guests",
      });
      return "POST …/ramp jp-mac-guests 5%: a marker on every graph";
    });
    await pause();
    await step("25% of everyone", `/flags/${CHECKOUT_FLAG}`, async () => {
      await api.call("POST", `/flags/${CHECKOUT_FLAG}/environments/${ENV}/ramp`, {
        rule: "everyone",
        percent: 25,
        reason: "no errors at 5%",
      });
      return "POST …/ramp everyone 25%";
    });
    await step("the A/B/C search-ranking experiment's results", `/experiments/${SEARCH_EXPERIMENT}`, async () => {
      const results = await api.call<Json>("GET", `/experiments/${SEARCH_EXPERIMENT}/results`);
      return `GET /experiments/${SEARCH_EXPERIMENT}/results: ${summariseResults(results)}`;
    });

    // The incident: switched on just after a minute starts, so that minute is the onset.
    let killAt = 0;
    let switched = false;
    await step(
      "the new checkout's payment step, A/B tested with everyone: variation B breaks bookings",
      `/flags/${PAYMENT_FLAG}`,
      async () => {
        await sleep(MINUTE - (Date.now() % MINUTE) + 500, signal);
        await api.call("POST", `/flags/${PAYMENT_FLAG}/environments/${ENV}/enable`, {
          reason: "A/B test the new checkout's payment step with everyone",
        });
        switched = true;
        return `POST /flags/${PAYMENT_FLAG}/…/enable: everyone split old 30% / A 30% / B 40%; B loses 90% of its bookings`;
      },
    );
    await step("the monitor alerts, names the activation and switches it off", "/alerts", async () => {
      if (!switched) throw new Error("the new checkout was not switched on");
      const alert = await until(240_000, signal, async () => {
        const answer = await api.call<{ items: Json[] }>("GET", `/alerts?monitor=${CHECKOUT_MONITOR}`);
        const first = answer.items[0];
        return first?.["action"] ? first : undefined;
      });
      report.alertId = String(alert["id"]);
      const kills = await api.call<{ items: Json[] }>("GET", `/changes?action=flag.kill&subjectKey=${PAYMENT_FLAG}`);
      const kill = kills.items[0];
      if (kill === undefined) {
        throw new Error(
          `the alert did not switch the flag off: ${JSON.stringify({ cause: alert["cause"], action: alert["action"] })}`,
        );
      }
      killAt = Date.parse(String(kill["at"]));
      return `${alert["sentence"]}\n  → killed by ${kill?.["actor"]}`;
    });
    const messagesOnlyInB = {
      kind: "messages-diff",
      last: "15m",
      selection: [{ field: `assignments.${PAYMENT_FLAG}`, op: "=", value: "B" }],
      baseline: [{ field: `assignments.${PAYMENT_FLAG}`, op: "=", value: "A" }],
    };
    await step("the bug's trace in the raw events: messages only in B", explorerPage(messagesOnlyInB), async () => {
      const diff = await api.call<{ rows: unknown[][] }>("POST", "/query", messagesOnlyInB);
      const top = diff.rows[0];
      if (top === undefined) throw new Error("no message only in B yet");
      return `messages-diff B vs A: "${top[0]}" ×${top[1]}`;
    });
    const sqlPerExecution = {
      kind: "aggregate",
      last: "15m",
      where: [{ field: "fields.http.route", op: "=", value: "/book" }],
      groupBy: [`assignments.${PAYMENT_FLAG}`],
      aggregates: [
        { fn: "ratio", field: "spans.sql.ms", per: "spans.sql.count", as: "sql_ms_per_execution" },
        { fn: "sum", field: "spans.sql.count", as: "executions" },
      ],
    };
    await step("SQL time per execution in B vs A", explorerPage(sqlPerExecution), async () => {
      const answer = await api.call<{ rows: unknown[][] }>("POST", "/query", sqlPerExecution);
      return answer.rows.map((row) => `${row[0]}: ${round(row[1])} ms per execution, ${row[2]} executions`).join("; ");
    });

    await step("a pool switch of the web service to a bad release, caught by the ramp guard", "/traffic", async () => {
      await api.call("POST", "/traffic/services", {
        name: "web",
        environment: ENV,
        pool: "a",
        dataPlane: { kind: "builtin" },
        pools: [
          { name: "a", release: "9b7e2d1", backends: [traffic.backends.a], healthCheckPath: "/healthz" },
          { name: "b", release: RELEASE, backends: [traffic.backends.b], healthCheckPath: "/healthz" },
        ],
      });
      await traffic.start(server.url, server.token);
      await sleep(2_000, signal);
      await api.call("POST", `/traffic/services/${ENV}/web/ramp`, {
        plan: {
          pool: "b",
          from: "a",
          steps: [{ percent: 50, pauseSeconds: 30 }, { percent: 100 }],
          guard: { maxErrorRate: 0.02, minRequests: 20, checkEverySeconds: 1 },
        },
        reason: `ramp ${RELEASE}, guarded`,
      });
      const back = await until(60_000, signal, async () => {
        const answer = await api.call<{ items: Json[] }>("GET", "/changes?action=traffic.back");
        return answer.items[0];
      });
      await sleep(2_000, signal);
      report.failedRequests = traffic.counts.failed;
      return `the guard pressed the back button (${back["actor"]}): all to pool a again; ${traffic.counts.ok + traffic.counts.badRelease} requests, ${traffic.counts.badRelease} answered by the bad release, ${traffic.counts.failed} failed`;
    });
    await step("the stale gate on the debt board, with its code reference", "/debt", async () => {
      const debt = await api.call<{ days: number; candidates: Json[] }>("GET", "/debt");
      const candidate = debt.candidates.find((c) => c["flag"] === STALE_GATE);
      if (candidate === undefined) throw new Error(`${STALE_GATE} is not on the debt board (N = ${debt.days} days)`);
      const findings = (candidate["findings"] ?? []) as Json[];
      const where = ((candidate["references"] ?? []) as Json[]).map((r) => `${r["file"]}:${r["line"]}`);
      return `GET /debt: ${STALE_GATE} (owner ${candidate["owner"]}), ${findings.map((f) => f["detail"]).join("; ")}; in code at ${where.join(", ") || "no scanned repository"}, ${candidate["removableLines"]} lines removable`;
    });
    let complainer = "";
    await step(
      "support looks up a guest who complained, and previews what they saw",
      () => (complainer === "" ? "/customers" : `/customers/${encodeURIComponent(complainer)}`),
      async () => {
        const failed = await api.call<{ rows: unknown[][] }>("POST", "/query", {
          kind: "events",
          last: "15m",
          where: [{ field: "message", op: "contains", value: "payment-call refused" }],
          limit: 1,
        });
        complainer = String(failed.rows[0]?.[3] ?? "guest-1");
        report.lookedUpGuest = complainer;
        const lookup = await api.call<Json>("GET", `/customers/${complainer}`);
        const preview = await api.call<Json>("POST", `/customers/${complainer}/previews`, {
          environment: ENV,
          ...(killAt > 0 ? { at: new Date(killAt - 20_000).toISOString() } : {}),
          ttlSeconds: 3600,
          appUrl: `${shop.url}/book`,
        });
        const exposures = JSON.stringify(lookup).split(`"${PAYMENT_FLAG}"`).length - 1;
        return `GET /customers/${complainer}: ${exposures} mentions of ${PAYMENT_FLAG}; preview link ${preview["link"] ?? "(minted)"}`;
      },
    );
    await step(
      "bookings recover; the error budget shows the spend",
      `/monitors/${CHECKOUT_MONITOR}/budget`,
      async () => {
        if (killAt === 0) throw new Error("nothing was switched off");
        type MinuteRow = { at: string; actual: number; lower: number };
        const killMinute = Math.floor(killAt / MINUTE) * MINUTE;
        const minute = await until(150_000, signal, async () => {
          const status = await api.call<{ minutes: MinuteRow[] }>("GET", `/monitors/${CHECKOUT_MONITOR}/status`);
          return status.minutes.find((m) => Date.parse(m.at) > killMinute);
        });
        const budget = await api.call<Json>("GET", `/monitors/${CHECKOUT_MONITOR}/budget`);
        return `the first minute after the kill: ${minute.actual} bookings (band from ${round(minute.lower)}); error budget: ${round(budget["spent"])} bookings lost against an allowance of ${round(budget["budget"])}`;
      },
    );
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    say("stopped");
  } finally {
    guests.stop();
    await traffic.close();
    await new Promise((resolve) => shop.server.close(resolve));
    await events.close();
    client.close();
  }
  const failed = report.steps.filter((s) => !s.ok).length;
  say(
    `the story is over: ${report.steps.length - failed} of ${report.steps.length} steps shown${failed ? ` (${failed} skipped)` : ""}`,
  );
  return report;
}

/** The explorer page with `query` filled in and run, so the printed link shows what the step asked. */
function explorerPage(query: Json): string {
  return `/explorer?${new URLSearchParams({ q: JSON.stringify(query), run: "1" })}`;
}

function summariseResults(results: Json): string {
  const text = JSON.stringify(results);
  const units = [...text.matchAll(/"variation":"([ABC])"[^}]*?"units":(\d+)/g)].map((m) => `${m[1]} ${m[2]} units`);
  return units.length > 0
    ? `${[...new Set(units)].join(", ")}; business and technical metrics compared`
    : "results computed";
}

function round(value: unknown): string {
  return typeof value === "number" ? String(Math.round(value * 100) / 100) : String(value);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Stopped());
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function until<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not seen within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(1_000, signal);
  }
}

export type { DemoApi };
