import { readFileSync } from "node:fs";
import { GrowthBook } from "@growthbook/growthbook";
import { compileFlagSet, validateFlagSet } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../testing/run-cli-captured.js";
import { importUnleash, NotAnUnleashExport } from "./unleash-import.js";

const FIXTURE = new URL("../../fixtures/unleash/state-export.json", import.meta.url);
const exported = () => JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;

/** What our evaluator (through the GrowthBook-compatible payload) serves for each attribute set. */
function served(environment: string, key: string, attributes: Record<string, unknown>[]): unknown[] {
  const imported = importUnleash(exported());
  const checked = validateFlagSet(imported.flagSet);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const payload = compileFlagSet(checked.value, environment) as unknown as { features: never };
  return attributes.map((attrs) => {
    const growthbook = new GrowthBook({ attributes: attrs, features: payload.features });
    const value = growthbook.evalFeature(key).value;
    growthbook.destroy();
    return value;
  });
}

describe("importing Unleash's state export", () => {
  it("imports every environment, and validates", () => {
    const imported = importUnleash(exported());
    expect(imported.flagSet.environments).toEqual(["development", "production"]);
    expect(Object.keys(imported.flagSet.flags).sort()).toEqual(["new-checkout", "search-ranking", "staff-tools"]);
    expect(validateFlagSet(imported.flagSet).ok).toBe(true);
  });

  it("maps strategies in sortOrder: userWithId, then flexibleRollout with its constraints as the condition", () => {
    const flag = importUnleash(exported()).flagSet.flags["new-checkout"];
    expect(flag).toMatchObject({
      type: "boolean",
      defaultVariation: "off",
      description: "The rewritten checkout flow",
    });
    expect(flag?.environments?.["production"]).toEqual({
      enabled: true,
      rules: [
        { kind: "force", id: "unleash-1", condition: { userId: { $in: ["alice", "bob"] } }, serve: "on" },
        {
          kind: "ramp",
          id: "unleash-2",
          condition: { country: { $in: ["JP", "DE"] }, email: { $not: { $regexi: "(@example\\.com)$" } } },
          serve: "on",
          percent: 25,
          hashAttribute: "userId",
          seed: "new-checkout",
        },
      ],
    });
    expect(flag?.environments?.["development"]).toEqual({
      enabled: true,
      rules: [{ kind: "force", id: "unleash-1", serve: "on" }],
    });
  });

  it("serves what Unleash would for listed users, constraints and a full rollout", () => {
    const users = [
      { userId: "alice" },
      { userId: "carol", country: "FR" },
      { userId: "dave", country: "JP", email: "dave@EXAMPLE.com" },
    ];
    expect(served("production", "new-checkout", users)).toEqual([true, false, false]);
    const staff = [
      { email: "a@staff.example", appVersion: "2.5.0", seniority: 3 },
      { email: "b+staff@example.com", appVersion: "2.4.0", seniority: 9 },
      { email: "c@example.com", appVersion: "3.0.0", seniority: 5 },
    ];
    expect(served("production", "staff-tools", staff)).toEqual([true, false, false]);
    expect(served("development", "new-checkout", [{}])).toEqual([true]);
  });

  it("keeps a rollout's share (not its users) and says so", () => {
    const ids = Array.from({ length: 4000 }, (_, i) => ({ userId: `u${i}`, country: "JP" }));
    const on = served("production", "new-checkout", ids).filter((value) => value === true).length;
    expect(on / ids.length).toBeGreaterThan(0.22);
    expect(on / ids.length).toBeLessThan(0.28);
    const warnings = importUnleash(exported()).warnings.filter((w) => w.feature === "new-checkout");
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("falls back from userId to sessionId to random"),
      expect.stringMatching(/25% rollout by userId \(group new-checkout\) keeps its share but not its users/),
    ]);
  });

  it("turns variants into a weighted split after their overrides, serving disabled where Unleash has none", () => {
    const flag = importUnleash(exported()).flagSet.flags["search-ranking"];
    expect(flag).toMatchObject({
      type: "string",
      defaultVariation: "disabled",
      variations: [
        { key: "disabled", value: "disabled" },
        { key: "classic", value: "classic" },
        { key: "semantic", value: "semantic-v2" },
      ],
    });
    expect(flag?.environments?.["production"]?.rules).toEqual([
      { kind: "force", id: "override-semantic-0", condition: { userId: { $in: ["qa-1", "qa-2"] } }, serve: "semantic" },
      {
        kind: "experiment",
        id: "unleash-1",
        condition: { appName: { $nin: ["batch"] } },
        key: "search-ranking-unleash-1",
        variations: ["classic", "semantic"],
        weights: [0.7, 0.3],
        coverage: 1,
        hashAttribute: "sessionId",
        seed: "search",
      },
    ]);
    expect(flag?.environments?.["development"]).toEqual({ enabled: false, rules: [] });
    expect(served("production", "search-ranking", [{ userId: "qa-2" }, { sessionId: "s", appName: "batch" }])).toEqual([
      "semantic-v2",
      "disabled",
    ]);
    const sessions = Array.from({ length: 3000 }, (_, i) => ({ sessionId: `s${i}`, appName: "web" }));
    const semantic = served("production", "search-ranking", sessions).filter((v) => v === "semantic-v2").length;
    expect(semantic / sessions.length).toBeGreaterThan(0.26);
    expect(semantic / sessions.length).toBeLessThan(0.34);
  });

  it("leaves out, one finding each, what has no equivalent: other strategies, date constraints, invalid keys", () => {
    const { skipped } = importUnleash(exported());
    expect(skipped).toEqual([
      { feature: "geo-banner", message: "production: strategy 1 (remoteAddress) has no equivalent here" },
      {
        feature: "maintenance-window",
        message: expect.stringMatching(/^production: strategy 1 \(default\): DATE_AFTER on currentTime compares with/),
      },
      { feature: "Legacy.Flag", message: expect.stringContaining("is not a valid flag key") },
    ]);
  });

  it("reads a per-environment export (strategies named `name`, no environment) into the environment given", () => {
    const perEnvironment = {
      features: [{ name: "beta", type: "release" }],
      featureStrategies: [
        { featureName: "beta", name: "flexibleRollout", parameters: { rollout: "100", stickiness: "default" } },
        { featureName: "beta", name: "default", segments: [3] },
      ],
      featureEnvironments: [{ featureName: "beta", enabled: true, name: "beta" }],
    };
    expect(() => importUnleash(perEnvironment)).toThrow(NotAnUnleashExport);
    const only = { ...perEnvironment, featureStrategies: perEnvironment.featureStrategies.slice(0, 1) };
    expect(importUnleash(only, "staging").flagSet.flags["beta"]?.environments).toEqual({
      staging: { enabled: true, rules: [{ kind: "force", id: "unleash-1", serve: "on" }] },
    });
    expect(importUnleash(perEnvironment, "staging").skipped).toEqual([
      { feature: "beta", message: expect.stringContaining("uses Unleash segments") },
    ]);
    expect(() => importUnleash({ toggles: [] })).toThrow(/an object with a "features" list/);
  });
});

describe("switchboard flags import --from unleash", () => {
  it("writes the flag set, prints a warning per difference and a line per feature left out, and exits 1", async () => {
    const { code, stdout, stderr } = await runCliCaptured([
      "flags",
      "import",
      "--from",
      "unleash",
      FIXTURE.pathname,
      "--json",
    ]);
    expect(code).toBe(1);
    expect(Object.keys(JSON.parse(stdout).flagSet.flags)).toHaveLength(3);
    expect(stderr).toContain("imported 3 feature(s); left out 3");
    expect(stderr).toContain("  geo-banner: production: strategy 1 (remoteAddress) has no equivalent here");
    expect(stderr.match(/^warning: /gm)).toHaveLength(3);
    expect(stderr).toContain("warning: search-ranking: production: strategy 1 (flexibleRollout): the variant split");
  });
});
