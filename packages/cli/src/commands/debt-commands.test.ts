import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@switchboard/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/switchboard.js", import.meta.url));
const SCAN_REPO = fileURLToPath(new URL("../../fixtures/scan-repo", import.meta.url));
const CLEANUP_APP = fileURLToPath(new URL("../../fixtures/cleanup-app", import.meta.url));

describe("switchboard scan, debt and cleanup", () => {
  let server: RunningServer;
  const admin = `sb_admin_${randomBytes(24).toString("hex")}`;
  let url = "";
  let dir = "";
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const {
        SWITCHBOARD_TOKEN: _token,
        GITHUB_REPOSITORY: _r,
        GITHUB_SHA: _s,
        GITHUB_REF_NAME: _b,
        ...env
      } = process.env;
      const child = spawn(process.execPath, [bin, ...args], { env: { ...env, SWITCHBOARD_URL: url } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "debt-cli-"));
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

  it("scans to a table or JSON, uploads, and the debt board lists the dangling keys with links", async () => {
    const table = await run("scan", "--root", SCAN_REPO);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^FLAG\s+WHERE\s+KIND\s+VIA\s+LINE$/m);
    expect(table.stdout).toMatch(/new-checkout\s+src\/checkout\.ts:7\s+call\s+isOn/);
    expect(table.stdout).toContain("13 references to 7 flags (7 files in");

    const up = await run(
      "scan",
      "--root",
      SCAN_REPO,
      "--json",
      "--upload",
      "--token",
      admin,
      "--repository",
      "git.example.com/acme/shop",
      "--branch",
      "main",
      "--commit",
      "64fd32f",
    );
    expect(up.status, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout).references).toHaveLength(13);
    expect(up.stderr).toContain("uploaded 13 references of git.example.com/acme/shop@main (64fd32f)");

    const debt = await run("debt", "--json", "--token", admin);
    expect(debt.status, debt.stderr).toBe(0);
    const board = JSON.parse(debt.stdout);
    const banner = board.candidates.find((c: { flag: string }) => c.flag === "beta-banner");
    expect(banner).toMatchObject({ defined: false, findings: [{ reason: "dangling" }] });
    expect(banner.references[0].url).toBe("https://git.example.com/acme/shop/blob/64fd32f/src/banner.tsx#L4");
    const text = await run("debt", "--token", admin);
    expect(text.stdout).toContain("dangling: used in code, but no flag has this key");
    expect((await run("debt", "--days", "soon", "--token", admin)).status).toBe(2);
  }, 180_000);

  it("prints the cleanup diff, writes it, and refuses a bad --keep", async () => {
    const app = join(dir, "app");
    await cp(CLEANUP_APP, app, { recursive: true });
    const diff = await run("cleanup", "new-checkout", "--keep", "on", "--root", app);
    expect(diff.status, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("+++ b/src/checkout.ts");
    expect(diff.stdout).toContain("-  const enabled = flags.isOn(NEW_CHECKOUT);");
    expect(diff.stderr).toContain("would rewrite 1 file(s) keeping new-checkout = true");
    const written = await run("cleanup", "new-checkout", "--keep", "on", "--write", "--root", app);
    expect(written.status, written.stderr).toBe(0);
    expect(await readFile(join(app, "src/checkout.ts"), "utf8")).not.toContain("flags.isOn");
    const bad = await run("cleanup", "new-checkout", "--keep", "maybe", "--root", app);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--keep must be on or off");
    // Without --keep it asks the server, which has no such flag serving one variation.
    const ask = await run("cleanup", "new-checkout", "--root", app, "--token", admin);
    expect(ask.status).toBe(2);
    expect(ask.stderr).toContain("does not serve one variation everywhere");
  }, 180_000);
});
