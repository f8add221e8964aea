import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type ServeProcess, startServe, stopServe } from "./serve-process.js";

// `switchboard serve --demo-data` on an empty folder: every page a newcomer opens first has something to show.
const ADMIN = "sb_admin_demo-data-e2e-0123456789abcdef";
let serve: ServeProcess;
let dataDir: string;
const call = (method: string, path: string, body?: unknown) => api(serve.url, ADMIN, method, `/api/v1${path}`, body);

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${serve.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sb-demo-data-"));
  serve = await startServe({ dataDir, env: { SWITCHBOARD_ADMIN_TOKEN: ADMIN }, args: ["--demo-data"] });
}, 200_000);

afterAll(async () => {
  await stopServe(serve);
  rmSync(dataDir, { recursive: true, force: true });
}, 20_000);

describe("serve --demo-data", () => {
  it("fills flags, releases, the experiment's results, the monitor, history, code references and support", async () => {
    await until("the demo data", 120_000, async () =>
      /demo data: ready|warning/.test(serve.output()) ? true : undefined,
    );
    expect(serve.output()).not.toContain("warning");

    const flags = await call("GET", "/flags");
    expect(flags.body.items.map((f: { key: string }) => f.key).sort()).toEqual([
      "holiday-banner",
      "instant-confirmation",
      "search-ranking",
    ]);
    const releases = await call("GET", "/releases");
    expect(releases.body.items.map((r: { sha: string }) => r.sha)).toEqual(
      expect.arrayContaining(["5e1f0c2", "9b7e2d1"]),
    );

    // Five weeks of history (three of them counted here), busier in the evening than at night (daily seasonality).
    const perHour = await call("POST", "/query", {
      kind: "aggregate",
      last: "21d",
      groupBy: [],
      aggregates: [{ fn: "count" }],
    });
    expect(perHour.status, JSON.stringify(perHour.body)).toBe(200);
    expect(perHour.body.rows[0][0]).toBeGreaterThan(10_000);
    const series = await call("POST", "/query", {
      kind: "aggregate",
      last: "14d",
      bucket: "1h",
      where: [{ field: "name", op: "=", value: "request" }],
      aggregates: [{ fn: "count" }],
    });
    const byHour = new Map<number, number>();
    for (const [time, count] of series.body.rows as [string, number][]) {
      const hour = new Date(time).getUTCHours();
      byHour.set(hour, (byHour.get(hour) ?? 0) + count);
    }
    expect(byHour.get(19) ?? 0).toBeGreaterThan(1.5 * (byHour.get(3) ?? 0));

    const results = await call("GET", "/experiments/search-ranking-abc/results");
    expect(results.status, JSON.stringify(results.body)).toBe(200);
    expect(JSON.stringify(results.body)).toContain('"C"');

    const monitor = await call("GET", "/monitors/bookings/status");
    expect(monitor.status, JSON.stringify(monitor.body)).toBe(200);

    // The launched gate and its code reference: on the debt board at once, because five weeks of bookings
    // evaluated it to one variation (the board's evidence from traffic; the change log is only minutes old).
    const references = await call("GET", "/code-references?flag=instant-confirmation");
    expect(JSON.stringify(references.body)).toContain("src/checkout/confirm.ts");
    const debt = await call("GET", "/debt");
    expect(debt.body.candidates.map((c: { flag: string }) => c.flag)).toContain("instant-confirmation");

    const guest = await call("GET", "/customers/guest-10001");
    expect(guest.status, JSON.stringify(guest.body)).toBe(200);
    expect(JSON.stringify(guest.body)).toContain("search-ranking");
  }, 180_000);
});
