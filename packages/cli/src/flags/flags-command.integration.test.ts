import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Change, FlagDocument } from "@switchboard/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../../server/src/http/testing/create-test-app.js";
import { type CapturedRun, runCliCaptured } from "../testing/run-cli-captured.js";

let app: FastifyInstance;
let url: string;
let editor: string;
let viewer: string;
let folder: string;

beforeAll(async () => {
  const t = await createTestApp(
    {},
    {
      start: "2026-01-01T00:00:00.000Z",
      environments: ["staging", "production"],
      people: { ada: "editor", vic: "viewer" },
    },
  );
  app = t.app;
  editor = t.people["ada"] ?? "";
  viewer = t.people["vic"] ?? "";
  url = await app.listen({ host: "127.0.0.1", port: 0 });
  const response = await fetch(`${url}/api/v1/flags`, {
    method: "POST",
    headers: { authorization: `Bearer ${editor}`, "content-type": "application/json", "x-change-reason": "setup" },
    body: JSON.stringify({
      key: "new-checkout",
      type: "boolean",
      defaultVariation: "off",
      tags: ["checkout"],
      environments: {
        staging: { rules: [{ id: "all", kind: "ramp", serve: "on", percent: 5 }] },
        production: { rules: [{ id: "all", kind: "ramp", serve: "on", percent: 5 }] },
      },
    }),
  });
  expect(response.status, await response.text()).toBe(201);
  folder = await mkdtemp(join(tmpdir(), "switchboard-flags-cli-"));
});

afterAll(async () => {
  await app.close();
  await rm(folder, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CapturedRun> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    SWITCHBOARD_URL: url,
    SWITCHBOARD_TOKEN: editor,
    SWITCHBOARD_CONFIG: join(folder, "none.json"),
  });
  for (const [name, value] of Object.entries(env))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  try {
    return await runCliCaptured(["flags", ...args]);
  } finally {
    process.env = saved;
  }
}

describe("switchboard flags against a listening server", () => {
  it("lists flags with their state per environment, as a table and as JSON", async () => {
    const table = await cli(["list"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/flag\s+type\s+staging\s+production/);
    expect(table.stdout).toMatch(/new-checkout\s+boolean\s+on: ramp 5% → on\s+on: ramp 5% → on/);
    const json = await cli(["list", "--json", "--tag", "checkout"]);
    expect((JSON.parse(json.stdout) as { items: FlagDocument[] }).items.map((f) => f.key)).toEqual(["new-checkout"]);
    const none = await cli(["list", "--tag", "nothing"]);
    expect(none.stdout.trim()).toBe("no flags match");
  });

  it("ramps, kills and enables in one environment, each an audited change with its reason", async () => {
    const ramp = await cli(["ramp", "new-checkout", "25%", "--env", "production", "--reason", "healthy at 5%"]);
    expect(ramp.code, ramp.stderr).toBe(0);
    expect(ramp.stdout).toContain("new-checkout in production: on: ramp 25% → on");
    const kill = await cli(["kill", "new-checkout", "--env", "production", "--reason", "bookings drop"]);
    expect(kill.stdout).toContain("killed (serves off)");
    const get = await cli(["get", "new-checkout"]);
    expect(get.stdout).toContain("  production: killed (serves off)");
    expect(get.stdout).toContain("  staging: on: ramp 5% → on");
    await cli(["enable", "new-checkout", "--env", "production", "--reason", "fixed in 64fd32f"]);
    const history = await cli(["history", "new-checkout", "--env", "production", "--json"]);
    const changes = (JSON.parse(history.stdout) as { items: Change[] }).items;
    expect(changes.slice(0, 3).map((c) => [c.action, c.reason, c.actor])).toEqual([
      ["flag.enable", "fixed in 64fd32f", "ada"],
      ["flag.kill", "bookings drop", "ada"],
      ["flag.ramp", "healthy at 5%", "ada"],
    ]);
    const text = await cli(["history", "new-checkout", "--limit", "2"]);
    expect(text.stdout).toMatch(/at\s+who\s+what\s+where\s+why/);
    expect(text.stdout.trim().split("\n")).toHaveLength(4);
  });

  it("serves a developer the flag and takes them out again", async () => {
    const add = await cli(["serve-me", "new-checkout", "dev-1", "dev-2", "--env", "staging"]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/force on .*\[serve-me\]/);
    const remove = await cli(["serve-me", "new-checkout", "dev-1", "dev-2", "--remove", "--env", "staging", "--json"]);
    const flag = JSON.parse(remove.stdout) as FlagDocument;
    const rules = flag.body.environments?.["staging"]?.rules ?? [];
    expect(JSON.stringify(rules)).not.toContain("dev-1");
  });

  it("reads the server and token from the config file when the environment has none", async () => {
    const config = join(folder, "config.json");
    await writeFile(config, JSON.stringify({ url, token: viewer }));
    const list = await cli(["list"], {
      SWITCHBOARD_URL: undefined,
      SWITCHBOARD_TOKEN: undefined,
      SWITCHBOARD_CONFIG: config,
    });
    expect(list.code, list.stderr).toBe(0);
    // The viewer token from the file may read but not write.
    const kill = await cli(["kill", "new-checkout", "--env", "staging"], {
      SWITCHBOARD_URL: undefined,
      SWITCHBOARD_TOKEN: undefined,
      SWITCHBOARD_CONFIG: config,
    });
    expect(kill.code).toBe(1);
    expect(kill.stderr).toContain("403");
    await writeFile(config, "{not json");
    const broken = await cli(["list"], { SWITCHBOARD_TOKEN: undefined, SWITCHBOARD_CONFIG: config });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`the config file ${config} is not JSON`);
  });

  it("refuses usage mistakes with exit 2 and server refusals with exit 1", async () => {
    expect((await cli(["kill", "new-checkout"])).code).toBe(2); // no --env
    const percent = await cli(["ramp", "new-checkout", "120", "--env", "staging"]);
    expect(percent.code).toBe(2);
    expect(percent.stderr).toContain("a percentage from 0 to 100");
    const unknown = await cli(["kill", "no-such-flag", "--env", "staging"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("404");
    const noReason = await cli(["kill", "new-checkout", "--env", "production"]);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toMatch(/reason/i);
  });
});
