import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { CliError } from "../cli-error.js";
import { examplesDir } from "../files/examples-dir.js";
import { type EvalOptions, runEval } from "./run-eval.js";

const examples = examplesDir();
const exampleFlags = join(examples, "flags.yaml");
const exampleUsers = join(examples, "users.ndjson");

async function evaluate(options: Partial<EvalOptions> & Pick<EvalOptions, "flags" | "contexts">) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  let error: unknown;
  try {
    await runEval({ env: "production", ...options }, { stdout, stderr, progress: false });
  } catch (caught) {
    error = caught;
  }
  const lines = out
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, err, error };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "switchboard-eval-")), name);
  writeFileSync(path, text);
  return path;
}

describe("switchboard eval", () => {
  test("answers every flag for every context line, in input order", async () => {
    const { lines, error } = await evaluate({ flags: exampleFlags, contexts: exampleUsers });
    expect(error).toBeUndefined();
    expect(lines).toHaveLength(5 * 3);
    expect(lines.map((l) => l["line"])).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]);
    expect(lines[0]).toEqual({
      line: 1,
      flag: "dark-mode",
      value: false,
      variation: "off",
      reason: "DISABLED",
      source: "defaultValue",
      ruleId: "",
      inExperiment: false,
    });
  });

  test("names the rule that decided: me, staff, the beta segment", async () => {
    const { lines } = await evaluate({ flags: exampleFlags, contexts: exampleUsers });
    const pick = (line: number, flag: string) => lines.find((l) => l["line"] === line && l["flag"] === flag);
    expect(pick(1, "new-checkout")).toMatchObject({ value: true, variation: "on", ruleId: "me" });
    expect(pick(2, "new-checkout")).toMatchObject({ value: true, ruleId: "staff", reason: "TARGETING_MATCH" });
    expect(pick(3, "search-ranking")).toMatchObject({ value: "semantic", variation: "B", ruleId: "beta" });
    expect(pick(5, "new-checkout")).toMatchObject({ value: false, variation: "off", ruleId: "", reason: "DEFAULT" });
    expect(pick(5, "search-ranking")).toMatchObject({ reason: "SPLIT", inExperiment: true, ruleId: "abc" });
  });

  test("--flag restricts the output; an unknown flag is a usage error naming the known ones", async () => {
    const only = await evaluate({ flags: exampleFlags, contexts: exampleUsers, flag: ["new-checkout"] });
    expect(new Set(only.lines.map((l) => l["flag"]))).toEqual(new Set(["new-checkout"]));
    const unknown = await evaluate({ flags: exampleFlags, contexts: exampleUsers, flag: ["nope"] });
    expect(unknown.error).toBeInstanceOf(CliError);
    expect((unknown.error as CliError).code).toBe("USAGE");
    expect((unknown.error as CliError).message).toContain('no flag "nope"');
    expect((unknown.error as CliError).message).toContain("new-checkout");
  });

  test("--explain says, for every rule, whether it matched and why not", async () => {
    const { lines } = await evaluate({
      flags: exampleFlags,
      contexts: exampleUsers,
      flag: ["new-checkout"],
      explain: true,
    });
    const guest = lines.find((l) => l["line"] === 5) as { rules: { id: string; matched: boolean; why: string }[] };
    expect(guest.rules.map((r) => r.id)).toEqual(["me", "staff", "jp-mac-guests"]);
    expect(guest.rules.every((r) => !r.matched)).toBe(true);
    expect(guest.rules[2]?.why).toMatch(/os/);
  });

  test("--explain names each rule's kind in the flag model's words: a percentage ramp is a ramp", async () => {
    const { lines } = await evaluate({
      flags: exampleFlags,
      contexts: exampleUsers,
      flag: ["new-checkout"],
      explain: true,
    });
    const guest = lines.find((l) => l["line"] === 5) as { rules: { id: string; kind: string }[] };
    expect(guest.rules.map((r) => [r.id, r.kind])).toEqual([
      ["me", "force"],
      ["staff", "force"],
      ["jp-mac-guests", "ramp"],
    ]);
  });

  test("reads an SDK payload as well, told apart by its shape", async () => {
    const payload = tempFile(
      "payload.json",
      JSON.stringify({
        features: { banner: { defaultValue: false, rules: [{ id: "jp", condition: { country: "jp" }, force: true }] } },
      }),
    );
    const users = tempFile("users.ndjson", '{"id":"1","country":"jp"}\n{"id":"2","country":"us"}\n');
    const { lines, error } = await evaluate({ flags: payload, contexts: users });
    expect(error).toBeUndefined();
    expect(lines.map((l) => [l["value"], l["ruleId"]])).toEqual([
      [true, "jp"],
      [false, ""],
    ]);
  });

  test("an invalid flag set names file, line, path and problem, and evaluates nothing", async () => {
    const flags = tempFile(
      "flags.yaml",
      [
        "version: 1",
        "flags:",
        "  exp:",
        "    type: string",
        "    variations: [{ key: a, value: x }, { key: b, value: y }]",
        "    defaultVariation: a",
        "    environments:",
        "      production:",
        "        enabled: true",
        "        rules:",
        "          - id: split",
        "            kind: experiment",
        "            key: exp",
        "            variations: [a, b]",
        "            weights: [0.5, 0.4]",
        "",
      ].join("\n"),
    );
    const { lines, error } = await evaluate({ flags, contexts: exampleUsers });
    expect(lines).toEqual([]);
    expect((error as CliError).code).toBe("INVALID_INPUT");
    expect((error as CliError).message).toContain(`${flags}:15: flags.exp.environments.production.rules[0].weights:`);
    expect((error as CliError).message).toContain("must sum to 1 (got 0.9)");
  });

  test("a YAML syntax error names the file, line and column", async () => {
    const flags = tempFile("broken.yaml", "version: 1\nflags:\n  a: [unclosed\n");
    const { error } = await evaluate({ flags, contexts: exampleUsers });
    expect((error as CliError).code).toBe("INVALID_INPUT");
    expect((error as CliError).message).toMatch(/broken\.yaml:\d+:\d+: /);
  });

  test("a bad context line is reported with its line number; the good lines are still answered", async () => {
    const users = tempFile("users.ndjson", '{"id":"1"}\nnot json\n\n[1,2]\n{"id":"5"}\n');
    const { lines, err, error } = await evaluate({ flags: exampleFlags, contexts: users, flag: ["new-checkout"] });
    expect(lines.map((l) => l["line"])).toEqual([1, 5]);
    expect(err).toContain("users.ndjson:2: not valid JSON");
    expect(err).toContain("users.ndjson:4: must be a JSON object of attributes");
    expect((error as CliError).code).toBe("INVALID_INPUT");
  });

  test("a missing file is a usage error that names it", async () => {
    const { error } = await evaluate({ flags: "/nonexistent/flags.yaml", contexts: exampleUsers });
    expect((error as CliError).code).toBe("USAGE");
    expect((error as CliError).message).toContain("/nonexistent/flags.yaml: no such file");
  });

  test("an unknown environment is a usage error listing the declared ones", async () => {
    const { error } = await evaluate({ flags: exampleFlags, contexts: exampleUsers, env: "prod" });
    expect((error as CliError).code).toBe("USAGE");
    expect((error as CliError).message).toContain("development, staging, production");
  });
});
