import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { api, type ServeProcess, startServe } from "./serve-process.js";

const dataDir = mkdtempSync(join(tmpdir(), "switchboard-admin-token-"));
const CHOSEN = "sb_admin_change-me-please-0123456789";
const running: ServeProcess[] = [];

afterAll(() => {
  for (const server of running) server.child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(env: Record<string, string> = {}): Promise<ServeProcess> {
  const server = await startServe({ dataDir, env });
  running.push(server);
  return server;
}

async function stop(server: ServeProcess): Promise<void> {
  server.child.kill("SIGTERM");
  await server.exited;
}

describe("switchboard serve with SWITCHBOARD_ADMIN_TOKEN on a data folder that already exists", () => {
  it("adds the token and says so; a revoked one is refused with a warning instead of 401s later", async () => {
    // What the README's order does: a plain first start (a generated token), then a start with a chosen one.
    const first = await serve();
    const generated = first.adminToken ?? "";
    expect(generated).toMatch(/^sb_admin_/);
    await stop(first);

    const second = await serve({ SWITCHBOARD_ADMIN_TOKEN: CHOSEN });
    expect(second.output()).toContain("admin token:   SWITCHBOARD_ADMIN_TOKEN (added as an admin token)");
    expect(second.output()).not.toContain(CHOSEN);
    expect((await api(second.url, CHOSEN, "GET", "/api/v1/me")).body).toMatchObject({ kind: "admin" });
    expect((await api(second.url, generated, "GET", "/api/v1/me")).status).toBe(200);
    const tokens = await api(second.url, generated, "GET", "/api/v1/tokens");
    const added = tokens.body.items.find((t: { name: string }) => t.name === "SWITCHBOARD_ADMIN_TOKEN");
    expect((await api(second.url, generated, "DELETE", `/api/v1/tokens/${added.id}`)).status).toBe(200);
    await stop(second);

    const third = await serve({ SWITCHBOARD_ADMIN_TOKEN: CHOSEN });
    await expect.poll(() => third.output()).toContain("warning: SWITCHBOARD_ADMIN_TOKEN is ignored: it was revoked at");
    expect((await api(third.url, CHOSEN, "GET", "/api/v1/me")).status).toBe(401);
    expect((await api(third.url, generated, "GET", "/api/v1/tokens")).body.items).toHaveLength(2);
    await stop(third);
  }, 600_000);
});
