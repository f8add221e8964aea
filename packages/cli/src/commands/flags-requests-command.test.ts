import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../server/src/http/testing/create-test-app.js";
import { type CapturedRun, runCliCaptured } from "../testing/run-cli-captured.js";

let t: TestApp;
let url: string;
let dir: string;

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
  t = await createTestApp(
    { changeRequestsIn: ["production"] },
    {
      start: "2026-01-01T00:00:00.000Z",
      environments: ["staging", "production"],
      people: { ada: "editor", bob: "editor" },
    },
  );
  url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  dir = await mkdtemp(join(tmpdir(), "switchboard-requests-"));
});

afterAll(async () => {
  await t.app.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(as: "ada" | "bob", ...args: string[]): Promise<CapturedRun> {
  return runCliCaptured(["flags", ...args, "--url", url, "--token", t.people[as] ?? ""]);
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
