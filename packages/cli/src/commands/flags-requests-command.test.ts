import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TokenAuthenticator } from "../../../server/src/auth/token-authenticator.js";
import { serverDocumentKinds } from "../../../server/src/control-plane/document-kinds.js";
import { issueToken } from "../../../server/src/control-plane/tokens/token-service.js";
import { createApp } from "../../../server/src/http/create-app.js";
import { ManualClock, TEST_CONFIG } from "../../../server/src/http/testing/create-test-app.js";
import { FakeConfigStore } from "../../../server/src/store/fake-config-store.js";
import { runCli } from "../run-cli.js";

let app: FastifyInstance;
let url: string;
let dir: string;
const tokens: Record<"ada" | "bob", string> = { ada: "", bob: "" };

const FLAGS = `version: 1
flags:
  banner:
    type: boolean
    defaultVariation: "off"
    environments:
      staging: { rules: [{ id: all, kind: force, serve: "on" }] }
      production: { rules: [{ id: rollout, kind: ramp, serve: "on", percent: 10 }] }
`;

beforeAll(async () => {
  const clock = new ManualClock("2026-01-01T00:00:00.000Z");
  const store = new FakeConfigStore(clock, serverDocumentKinds());
  for (const name of ["staging", "production"])
    await store.createDocument("environment", name, {}, { actor: "system", action: "environment.create" });
  const system = { actor: "system", role: "admin" as const, reason: null };
  for (const name of ["ada", "bob"] as const)
    tokens[name] = (
      await issueToken(store, { kind: "personal", name, role: "editor", environment: null }, system)
    ).secret;
  const config = { ...TEST_CONFIG, changeRequestsIn: ["production"] };
  app = createApp({ config, store, auth: new TokenAuthenticator(store, clock), clock });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  dir = await mkdtemp(join(tmpdir(), "switchboard-requests-"));
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(as: "ada" | "bob", ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(["flags", ...args, "--url", url, "--token", tokens[as]]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("switchboard flags requests", () => {
  it("holds an apply to production, shows the diff, refuses self-approval and applies on approval", async () => {
    const file = join(dir, "flags.yaml");
    await writeFile(file, FLAGS);
    const apply = await cli("ada", "apply", file, "--reason", "launch the banner");
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/protected environment \(production\), so it is held: (cr-\S+) \(pending\)/);
    const id = /(cr-[0-9a-z]+-[0-9a-f]+)/.exec(apply.stdout)?.[1] ?? "";

    const list = await cli("bob", "requests", "list", "--status", "pending");
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain("ada");
    const show = await cli("bob", "requests", "show", id);
    expect(show.stdout).toContain("create flag banner (new)");

    const self = await cli("ada", "requests", "approve", id);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/another person must approve it/);
    const approved = await cli("bob", "requests", "approve", id, "--reason", "looks right");
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`${id} (applied)`);

    const ramp = await cli("ada", "ramp", "banner", "30", "--env", "production", "--reason", "more");
    expect(ramp.stdout).toMatch(/production is protected: cr-\S+ \(pending\): ramp banner in production/);
    const rampId = /(cr-[0-9a-z]+-[0-9a-f]+)/.exec(ramp.stdout)?.[1] ?? "";
    const diff = await cli("bob", "requests", "show", rampId);
    expect(diff.stdout).toContain("rules[0].percent: 10 → 30");
    const kill = await cli("ada", "kill", "banner", "--env", "production", "--reason", "typo on the banner");
    expect(kill.code, kill.stderr).toBe(0);
    expect(kill.stdout).toContain("banner in production: killed");
    const bad = await cli("bob", "requests", "list", "--status", "open");
    expect(bad.code).toBe(2);
  });
});

describe("a change request's webhook deliveries as text", () => {
  it("says whether each step was delivered, is being retried, or failed with the last answer", async () => {
    const { deliveryText } = await import("./flags-requests-command.js");
    const base = { id: "msg_1", lastStatus: 200, lastError: null, updatedAt: "2026-01-01T00:00:00Z" };
    expect(deliveryText({ ...base, event: "proposed", status: "delivered", attempts: 2 })).toBe(
      "proposed: delivered after 2 attempts (msg_1)",
    );
    const failed = { ...base, event: "approved", status: "failed" as const, attempts: 1, lastError: "answered 400" };
    expect(deliveryText(failed)).toBe("approved: failed after 1 attempt, last answered 400 (msg_1)");
    expect(deliveryText({ ...failed, status: "pending", attempts: 3, lastError: "fetch failed" })).toBe(
      "approved: retrying after 3 attempts, last fetch failed (msg_1)",
    );
  });
});
