import { execFileSync } from "node:child_process";
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
let repo: string;

const FLAGS_V1 = `version: 1
serverOwned: [enabled, percent]
flags:
  new-checkout:
    owner: payments
    type: boolean
    defaultVariation: "off"
    environments:
      production:
        rules:
          - { id: jp-mac, kind: ramp, condition: { country: jp, os: macOS }, serve: "on", percent: 5 }
  search-ranking:
    type: string
    defaultVariation: classic
    variations:
      - { key: classic, value: classic }
      - { key: semantic, value: semantic }
    environments:
      production:
        rules:
          - { id: split, kind: experiment, key: search-abc, variations: [classic, semantic] }
`;

beforeAll(async () => {
  const t = await createTestApp(
    {},
    { start: "2026-01-01T00:00:00.000Z", environments: ["staging", "production"], people: { ada: "editor" } },
  );
  app = t.app;
  editor = t.people["ada"] ?? "";
  url = await app.listen({ host: "127.0.0.1", port: 0 });
  repo = await mkdtemp(join(tmpdir(), "switchboard-flags-repo-"));
  git("init", "-q");
  await commit("flags.yaml", FLAGS_V1, "Add the checkout and search flags");
});

afterAll(async () => {
  await app.close();
  await rm(repo, { recursive: true, force: true });
});

function git(...args: string[]): string {
  const identity = ["-c", "user.name=Grace Hopper", "-c", "user.email=grace@example.com"];
  return execFileSync("git", [...identity, ...args], { cwd: repo, encoding: "utf8" });
}

async function commit(file: string, text: string, message: string): Promise<string> {
  await writeFile(join(repo, file), text);
  git("add", file);
  git("commit", "-q", "-m", message);
  return git("rev-parse", "HEAD").trim();
}

function cli(...args: string[]): Promise<CapturedRun> {
  const offline = args[0] === "validate";
  return runCliCaptured(["flags", ...args, ...(offline ? [] : ["--url", url, "--token", editor])]);
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${editor}`, "content-type": "application/json", "x-change-reason": "test" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, text).toBeLessThan(300);
  return JSON.parse(text) as T;
}

describe("flags kept in git: plan, apply, plan again", () => {
  it("plans the creation, applies it as one audited change set with the commit, then plans no changes", async () => {
    const file = join(repo, "flags.yaml");
    const plan = await cli("plan", file);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("+ flag new-checkout: create (new)");
    expect(plan.stdout).toContain("+ flag search-ranking: create (new)");
    expect(plan.stdout).toContain("Plan: 2 to create, 0 to change, 0 to archive, 0 unchanged.");
    // Planning changed nothing.
    expect((await api<{ items: unknown[] }>("GET", "/flags")).items).toHaveLength(0);

    const sha = git("rev-parse", "HEAD").trim();
    const apply = await cli("apply", file);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(
      "Applied 2 change(s): create new-checkout (version 1), create search-ranking (version 1).",
    );
    const changes = await api<{ items: Change[] }>("GET", "/changes?subjectKind=flag&order=asc");
    expect(changes.items.map((c) => [c.action, c.subjectKey, c.actor])).toEqual([
      ["flag.create", "new-checkout", "ada"],
      ["flag.create", "search-ranking", "ada"],
    ]);
    expect(changes.items[0]?.reason).toBe(
      `flags apply from commit ${sha.slice(0, 12)} by Grace Hopper <grace@example.com>: Add the checkout and search flags`,
    );

    const again = await cli("plan", file);
    expect(again.stdout.trim()).toBe("No changes: the server matches the files (2 flags).");
  });

  it("shows a change as a readable diff per environment, and never undoes a ramp made on the server", async () => {
    const file = join(repo, "flags.yaml");
    // Someone ramps the rollout on the server; percent is server-owned in the file.
    await api("POST", "/flags/new-checkout/environments/production/ramp", { percent: 25, reason: "healthy" });
    expect((await cli("plan", file)).stdout.trim()).toBe("No changes: the server matches the files (2 flags).");

    const edited = FLAGS_V1.replace("owner: payments", "owner: checkout-team").replace(
      "os: macOS }",
      'os: macOS, device: "desktop" }',
    );
    await commit("flags.yaml", edited, "Desktop only, new owner");
    const plan = await cli("plan", file);
    expect(plan.stdout).toContain("~ flag new-checkout: update (version 2)");
    expect(plan.stdout).toContain('      owner: "payments" → "checkout-team"');
    expect(plan.stdout).toContain("    in production:");
    expect(plan.stdout).toContain('      rules[0].condition.device: (none) → "desktop"');
    expect(plan.stdout).toContain("Plan: 0 to create, 1 to change, 0 to archive, 1 unchanged.");
    const apply = await cli("apply", file, "--reason", "desktop first");
    expect(apply.code, apply.stderr).toBe(0);
    const flag = await api<FlagDocument>("GET", "/flags/new-checkout");
    expect(flag.body.owner).toBe("checkout-team");
    const rule = flag.body.environments?.["production"]?.rules?.[0];
    expect(rule).toMatchObject({ kind: "ramp", percent: 25, condition: { device: "desktop" } });
    const last = (await api<{ items: Change[] }>("GET", "/changes?flag=new-checkout&limit=1")).items[0];
    expect(last?.reason).toMatch(/^desktop first \(flags apply from commit [0-9a-f]{12} by Grace Hopper/);
  });

  it("refuses a saved plan once the server changed since, saying what changed, and applies nothing", async () => {
    const file = join(repo, "flags.yaml");
    await commit("flags.yaml", FLAGS_V1.replace("owner: payments", "owner: growth"), "Growth owns it");
    const planFile = join(repo, "plan.json");
    const plan = await cli("plan", file, "--out", planFile);
    expect(plan.stdout).toContain(`Saved to ${planFile}.`);
    await api("POST", "/flags/new-checkout/environments/production/kill", { reason: "incident" });
    const apply = await cli("apply", "--plan", planFile);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('"new-checkout" is at version 4, planned against 3');
    expect((await api<FlagDocument>("GET", "/flags/new-checkout")).body.owner).toBe("checkout-team");
    // A fresh plan keeps the kill (enabled is server-owned) and applies.
    expect((await cli("apply", file)).code).toBe(0);
    const flag = await api<FlagDocument>("GET", "/flags/new-checkout");
    expect(flag.body.owner).toBe("growth");
    expect(flag.body.environments?.["production"]?.enabled).toBe(false);
  });

  it("applies all or nothing: one invalid flag leaves every other flag as it was", async () => {
    const file = join(repo, "flags.yaml");
    const before = await api<FlagDocument>("GET", "/flags/search-ranking");
    const second = join(repo, "more.yaml");
    await writeFile(
      second,
      'version: 1\nflags:\n  broken:\n    type: boolean\n    defaultVariation: "off"\n    environments:\n      nowhere: {}\n',
    );
    await commit("flags.yaml", FLAGS_V1.replace("classic, semantic]", "semantic, classic]"), "Swap order");
    const apply = await cli("apply", file, second);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/more\.yaml:7: flags\.broken\.environments\.nowhere: .*environment/);
    expect(await api<FlagDocument>("GET", "/flags/search-ranking")).toEqual(before);
    expect((await api<{ items: unknown[] }>("GET", "/flags")).items).toHaveLength(2);
  });

  it("archives flags missing from the files only with --prune, and exports the server as a file", async () => {
    await api("POST", "/flags", { key: "made-in-the-dashboard", type: "boolean", defaultVariation: "off" });
    const file = join(repo, "flags.yaml");
    const plan = await cli("plan", file);
    expect(plan.stdout).toContain("not in the files, left alone (--prune archives them): made-in-the-dashboard");
    const exported = join(repo, "exported.yaml");
    expect((await cli("export", "--out", exported)).code).toBe(0);
    // The export applies to the same server as no change at all.
    expect((await cli("plan", exported)).stdout.trim()).toBe("No changes: the server matches the files (3 flags).");
    const prune = await cli("apply", file, "--prune");
    expect(prune.stdout).toContain("- flag made-in-the-dashboard: archive (version 1)");
    expect((await api<FlagDocument>("GET", "/flags/made-in-the-dashboard")).archived).toBe(true);
  });

  it("plans and applies the files' segments with the flags that use them, archiving unused ones with --prune", async () => {
    const segments = `version: 1
segments:
  staff: { condition: { email: { $regex: '@example\\.com$' } } }
  beta-testers: { attribute: id, ids: [u1, u2] }
flags:
  staff-banner:
    type: boolean
    defaultVariation: "off"
    environments:
      production:
        rules:
          - { id: staff, kind: force, segments: [staff], serve: "on" }
`;
    const sha = await commit("segments.yaml", segments, "Staff banner");
    const file = join(repo, "segments.yaml");
    const plan = await cli("plan", file);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("+ segment staff: create (new)");
    expect(plan.stdout).toContain("Segments: 2 to create, 0 to change, 0 to archive, 0 unchanged.");
    expect((await api<{ items: unknown[] }>("GET", "/segments")).items).toHaveLength(0);
    const apply = await cli("apply", file);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain("create segment staff (version 1)");
    expect(apply.stdout).toContain("create staff-banner (version 1)");
    const log = await api<{ items: Change[] }>("GET", "/changes?subjectKind=segment&order=desc&limit=2");
    const short = sha.slice(0, 12);
    expect(log.items.map((c) => c.reason)).toEqual([expect.stringContaining(short), expect.stringContaining(short)]);

    await commit("segments.yaml", segments.replace("[u1, u2]", "[u1, u2, u3]"), "One more tester");
    const changed = await cli("plan", file);
    expect(changed.stdout).toContain("~ segment beta-testers: update (version 1)");
    expect(changed.stdout).toContain('ids: ["u1","u2"] → ["u1","u2","u3"]');
    expect((await cli("apply", file)).code).toBe(0);

    await commit("segments.yaml", segments.replace(/ {2}beta-testers.*\n/, ""), "No more beta");
    const kept = await cli("plan", file);
    expect(kept.stdout).toContain("segments not in the files, left alone: beta-testers");
    const both = [join(repo, "flags.yaml"), file];
    const prune = await cli("apply", ...both, "--prune");
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toContain("- segment beta-testers: archive (version 2)");
    expect(prune.stdout).not.toContain("- flag");
    const archived = await fetch(`${url}/api/v1/segments/beta-testers`, {
      headers: { authorization: `Bearer ${editor}` },
    });
    expect((await archived.json()).archived).toBe(true);
    expect((await cli("plan", ...both, "--prune")).stdout).toContain("No changes");
  });
});

describe("flags validate, the CI gate", () => {
  it("names file and line for a syntax error and for each class of mistake", async () => {
    const broken = join(repo, "syntax.yaml");
    await writeFile(broken, "version: 1\nflags:\n  a: {type: boolean\n");
    const syntax = await cli("validate", broken);
    expect(syntax.code).toBe(1);
    expect(syntax.stdout).toMatch(/syntax\.yaml:4: Flow map/);

    const mistakes = join(repo, "mistakes.yaml");
    await writeFile(
      mistakes,
      [
        "version: 1",
        "environments: [production]",
        "flags:",
        "  wrong-type:",
        "    type: boolean",
        '    defaultVariation: "maybe"',
        "  bad-weights:",
        "    type: boolean",
        '    defaultVariation: "off"',
        "    environments:",
        "      production:",
        "        rules:",
        '          - { id: ab, kind: experiment, key: ab, variations: ["off", "on"], weights: [0.5, 0.2] }',
        "  unknown-segment:",
        "    type: boolean",
        '    defaultVariation: "off"',
        "    environments:",
        "      staging:",
        "        rules:",
        '          - { id: s, kind: force, serve: "on", segments: [nobody] }',
        "  evil-regex:",
        "    type: boolean",
        '    defaultVariation: "off"',
        "    environments:",
        "      production:",
        "        rules:",
        '          - { id: r, kind: force, serve: "on", condition: { email: { $regex: "(a+)+$" } } }',
        "",
      ].join("\n"),
    );
    const result = await cli("validate", mistakes, "--json");
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: { line: number; path: string; message: string }[] })
      .findings;
    const at = (path: string) => findings.find((f) => f.path.startsWith(path));
    expect(at('flags["wrong-type"].defaultVariation')?.line).toBe(6);
    expect(at('flags["bad-weights"]')?.line).toBe(13);
    expect(at('flags["unknown-segment"].environments.staging')?.line).toBeGreaterThanOrEqual(18);
    expect(
      findings.some((f) => /not a safe regular expression/.test(f.message) && f.line !== undefined && f.line >= 21),
    ).toBe(true);
    expect((await cli("validate", join(repo, "flags.yaml"))).stdout).toContain("1 file(s) valid: 2 flags");
  });
});
