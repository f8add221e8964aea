import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@switchboard/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/switchboard.js", import.meta.url));

describe("switchboard monitors", () => {
  let server: RunningServer;
  const admin = `sb_admin_${randomBytes(24).toString("hex")}`;
  let url = "";
  let dir = "";
  // Spawned asynchronously: the server answering the command runs in this process.
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const { SWITCHBOARD_TOKEN: _token, ...env } = process.env;
      const child = spawn(process.execPath, [bin, ...args], { env: { ...env, SWITCHBOARD_URL: url } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "monitors-cli-"));
    server = await startServer({
      host: "127.0.0.1",
      port: 0,
      dataDir: join(dir, "data"),
      databaseUrl: null,
      adminToken: admin,
      bodyLimitBytes: 4 * 1024 * 1024,
      reasonRequiredIn: ["production"],
      initialEnvironments: ["development", "staging", "production"],
      heartbeatSeconds: 15,
      shutdownGraceMs: 1_000,
      streamRetryMs: 1_000,
    });
    url = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates from a shorthand and from a YAML file, lists, gets and shows status", async () => {
    const token = admin;
    const created = await run(
      "monitors",
      "create",
      "bookings",
      "--event",
      "booking",
      "--action",
      "kill",
      "--token",
      token,
    );
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("created bookings");
    expect(created.stdout).toContain('count of name = "booking" in production  action kill');
    await writeFile(
      join(dir, "revenue.yaml"),
      "metric:\n  fn: sum\n  field: fields.amount\n  environment: production\nbudget:\n  allowedFraction: 0.01\n  windowDays: 28\n",
    );
    expect(
      (await run("monitors", "create", "revenue", "--file", join(dir, "revenue.yaml"), "--token", token)).status,
    ).toBe(0);
    const listed = await run("monitors", "list", "--token", admin);
    expect(
      listed.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" ")[0]),
    ).toEqual(["bookings", "revenue"]);
    const json = await run("monitors", "get", "revenue", "--json", "--token", admin);
    expect(JSON.parse(json.stdout)).toMatchObject({ key: "revenue", body: { metric: { fn: "sum" } } });
    const status = await run("monitors", "status", "bookings", "--token", admin);
    // The server's runner may already have evaluated a minute (it runs every 5 s).
    expect(status.stdout).toMatch(/^bookings: evaluated through (never|\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z)/);
  });

  it("exits 1 naming the field the server refused, 2 without a token or a body", async () => {
    await writeFile(join(dir, "bad.json"), JSON.stringify({ metric: { fn: "sum", environment: "production" } }));
    const bad = await run("monitors", "create", "bad", "--file", join(dir, "bad.json"), "--token", admin);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("metric.field");
    const noToken = await run("monitors", "list");
    expect(noToken.status).toBe(2);
    expect((await run("monitors", "create", "x", "--token", admin)).status).toBe(2);
    const help = await run("monitors", "--help");
    expect(help.stdout).toContain("Exit codes");
  });
});
