import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { formatProblem } from "./problem.js";
import { validateFlagSet } from "./validate-flag-set.js";

// biome-ignore lint/suspicious/noExplicitAny: test inputs are deliberately malformed, untyped JSON.
type Json = any;

function validFlagSet(): Json {
  return {
    version: 1,
    environments: ["staging", "production"],
    segments: {
      staff: { condition: { email: { $regex: "@example\\.com$" } } },
      "beta-testers": { attribute: "id", ids: ["u1", "u2"] },
    },
    flags: {
      "new-checkout": {
        type: "boolean",
        defaultVariation: "off",
        environments: {
          production: {
            rules: [
              { id: "me", kind: "force", condition: { id: "u42" }, serve: "on" },
              { id: "staff", kind: "force", segments: ["staff"], serve: "on" },
              { id: "abc", kind: "experiment", key: "abc", variations: ["off", "on"], weights: [0.5, 0.5] },
              { id: "ramp", kind: "ramp", serve: "on", percent: 10 },
            ],
          },
        },
      },
      color: {
        type: "string",
        variations: [
          { key: "blue", value: "blue" },
          { key: "green", value: "green" },
        ],
        defaultVariation: "blue",
      },
    },
    experiments: { abc: { metrics: ["conversion"], guardrails: ["errors"] } },
  };
}

const production = (set: Json) => set.flags["new-checkout"].environments.production;
const rule = (set: Json, index: number) => production(set).rules[index];
const NC = 'flags["new-checkout"]';
const RULES = `${NC}.environments.production.rules`;

const cases: [name: string, change: (set: Json) => void, path: string, message: string][] = [
  ["a non-object flag set", () => {}, "", "must be an object"],
  ["a wrong version", (s) => (s.version = 2), "version", "must be 1"],
  ["an unknown top-level field", (s) => (s.extra = true), "", 'unknown field "extra"'],
  ["missing flags", (s) => delete s.flags, "flags", "is required"],
  [
    "an invalid flag key",
    (s) => (s.flags["New Checkout"] = s.flags.color),
    "flags",
    '"New Checkout" is not a valid name',
  ],
  ["an unknown flag field", (s) => (s.flags.color.colour = 1), "flags.color", 'unknown field "colour"'],
  ["a wrong flag type", (s) => (s.flags.color.type = "text"), "flags.color.type", 'must be one of "boolean", "string"'],
  ["a non-string description", (s) => (s.flags.color.description = 3), "flags.color.description", "must be a string"],
  [
    "a non-boolean clientVisible",
    (s) => (s.flags.color.clientVisible = "yes"),
    "flags.color.clientVisible",
    "must be true or false",
  ],
  [
    "duplicate variation keys",
    (s) => (s.flags.color.variations[1].key = "blue"),
    "flags.color.variations[1].key",
    "duplicates the key of variations[0]",
  ],
  [
    "a value of the wrong type",
    (s) => (s.flags.color.variations[1].value = 7),
    "flags.color.variations[1].value",
    "must be a string (the flag is string)",
  ],
  [
    "a missing value",
    (s) => delete s.flags.color.variations[1].value,
    "flags.color.variations[1].value",
    "is required",
  ],
  [
    "missing variations on a string flag",
    (s) => delete s.flags.color.variations,
    "flags.color.variations",
    "is required",
  ],
  [
    "an unknown default variation",
    (s) => (s.flags.color.defaultVariation = "red"),
    "flags.color.defaultVariation",
    'unknown variation "red" (known: "blue", "green")',
  ],
  [
    "an undeclared environment",
    (s) => (s.flags.color.environments = { prod: {} }),
    "flags.color.environments.prod",
    'is not a declared environment (known: "staging", "production")',
  ],
  [
    "an unknown environment default",
    (s) => (production(s).defaultVariation = "maybe"),
    `${NC}.environments.production.defaultVariation`,
    'unknown variation "maybe"',
  ],
  [
    "a non-boolean enabled",
    (s) => (production(s).enabled = "no"),
    `${NC}.environments.production.enabled`,
    "must be true or false",
  ],
  [
    "a rule without kind",
    (s) => delete rule(s, 0).kind,
    `${RULES}[0].kind`,
    'is required (one of "force", "ramp", "experiment")',
  ],
  [
    "an unknown rule kind",
    (s) => (rule(s, 0).kind = "rollout"),
    `${RULES}[0].kind`,
    'must be one of "force", "ramp", "experiment"',
  ],
  ["a rule without id", (s) => delete rule(s, 0).id, `${RULES}[0].id`, "is required"],
  ["duplicate rule ids", (s) => (rule(s, 1).id = "me"), `${RULES}[1].id`, "duplicates the id of rules[0]"],
  ["an unknown rule field", (s) => (rule(s, 0).percentage = 5), `${RULES}[0]`, 'unknown field "percentage"'],
  [
    "an unknown serve",
    (s) => (rule(s, 0).serve = "yes"),
    `${RULES}[0].serve`,
    'unknown variation "yes" (known: "off", "on")',
  ],
  [
    "a force percent over 100",
    (s) => (rule(s, 0).percent = 101),
    `${RULES}[0].percent`,
    "must be at most 100 (got 101)",
  ],
  ["a negative ramp percent", (s) => (rule(s, 3).percent = -1), `${RULES}[3].percent`, "must be at least 0 (got -1)"],
  ["a ramp without percent", (s) => delete rule(s, 3).percent, `${RULES}[3].percent`, "is required"],
  [
    "weights not summing to 1",
    (s) => (rule(s, 2).weights = [0.5, 0.4]),
    `${RULES}[2].weights`,
    "must sum to 1 (got 0.9)",
  ],
  [
    "weights of the wrong length",
    (s) => (rule(s, 2).weights = [1]),
    `${RULES}[2].weights`,
    "must have one weight per variation (2, got 1)",
  ],
  [
    "a weight over 1",
    (s) => (rule(s, 2).weights = [1.5, -0.5]),
    `${RULES}[2].weights[0]`,
    "must be at most 1 (got 1.5)",
  ],
  [
    "an unknown experiment variation",
    (s) => (rule(s, 2).variations = ["off", "maybe"]),
    `${RULES}[2].variations[1]`,
    'unknown variation "maybe"',
  ],
  [
    "a repeated experiment variation",
    (s) => (rule(s, 2).variations = ["on", "on"]),
    `${RULES}[2].variations[1]`,
    'lists "on" twice',
  ],
  ["a coverage over 1", (s) => (rule(s, 2).coverage = 2), `${RULES}[2].coverage`, "must be at most 1 (got 2)"],
  ["an unknown hash version", (s) => (rule(s, 2).hashVersion = 3), `${RULES}[2].hashVersion`, "must be one of 1, 2"],
  [
    "an empty namespace range",
    (s) => (rule(s, 2).namespace = { id: "n", range: [0.5, 0.5] }),
    `${RULES}[2].namespace.range`,
    "must start before it ends (got [0.5, 0.5])",
  ],
  [
    "a short namespace range",
    (s) => (rule(s, 2).namespace = { id: "n", range: [0.5] }),
    `${RULES}[2].namespace.range`,
    "must be a list of exactly 2 items",
  ],
  [
    "an unknown segment",
    (s) => (rule(s, 1).segments = ["staff", "stuff"]),
    `${RULES}[1].segments[1]`,
    'unknown segment "stuff"',
  ],
  [
    "an unknown prerequisite flag",
    (s) => (rule(s, 0).prerequisites = [{ flag: "nope", is: "on" }]),
    `${RULES}[0].prerequisites[0].flag`,
    'unknown flag "nope"',
  ],
  [
    "a self prerequisite",
    (s) => (rule(s, 0).prerequisites = [{ flag: "new-checkout", is: "on" }]),
    `${RULES}[0].prerequisites[0].flag`,
    "must not be the flag itself",
  ],
  [
    "an unknown prerequisite variation",
    (s) => (rule(s, 0).prerequisites = [{ flag: "color", is: "red" }]),
    `${RULES}[0].prerequisites[0].is`,
    'unknown variation "red" of color',
  ],
  [
    "an unknown condition operator",
    (s) => (rule(s, 0).condition = { age: { $gtt: 3 } }),
    `${RULES}[0].condition.age.$gtt`,
    'unknown operator "$gtt"',
  ],
  [
    "operators mixed with fields",
    (s) => (rule(s, 0).condition = { age: { $gt: 3, x: 1 } }),
    `${RULES}[0].condition.age`,
    "must not mix operators",
  ],
  [
    "an unknown top-level operator",
    (s) => (rule(s, 0).condition = { $xor: [] }),
    `${RULES}[0].condition.$xor`,
    'unknown operator "$xor"',
  ],
  [
    "a group operator in a condition",
    (s) => (rule(s, 0).condition = { id: { $inGroup: "beta-testers" } }),
    `${RULES}[0].condition.id.$inGroup`,
    'list segments in the rule\'s "segments"',
  ],
  [
    "an invalid regex",
    (s) => (rule(s, 0).condition = { $or: [{ email: { $regex: "(" } }] }),
    `${RULES}[0].condition.$or[0].email.$regex`,
    "is not a valid regular expression",
  ],
  [
    "an unsafe regex",
    (s) => (rule(s, 0).condition = { email: { $regex: "(a+)+$" } }),
    `${RULES}[0].condition.email.$regex`,
    "is not a safe regular expression",
  ],
  [
    "a non-list $in",
    (s) => (rule(s, 0).condition = { country: { $in: "jp" } }),
    `${RULES}[0].condition.country.$in`,
    "must be a list",
  ],
  [
    "an unsafe regex in a segment",
    (s) => (s.segments.staff.condition = { email: { $regexi: "(x+x+)+y" } }),
    "segments.staff.condition.email.$regexi",
    "is not a safe regular expression",
  ],
  ["a segment with both shapes", (s) => (s.segments.staff.ids = []), "segments.staff", 'unknown field "ids"'],
  [
    "an id list without attribute",
    (s) => delete s.segments["beta-testers"].attribute,
    'segments["beta-testers"].attribute',
    "is required",
  ],
  [
    "a segment id of the wrong type",
    (s) => (s.segments["beta-testers"].ids = [true]),
    'segments["beta-testers"].ids[0]',
    "must be a string or a number",
  ],
  [
    "too many segment ids",
    (s) => (s.segments["beta-testers"].ids = Array.from({ length: 100_001 }, (_, i) => i)),
    'segments["beta-testers"].ids',
    "must have at most 100000 items (got 100001)",
  ],
  ["an invalid environment name", (s) => (s.environments = ["Prod"]), "environments[0]", '"Prod" is not valid'],
  [
    "an auto-disable guardrail that is not a guardrail",
    (s) => (s.experiments.abc.autoDisable = { guardrail: "latency" }),
    "experiments.abc.autoDisable.guardrail",
    'must be one of the experiment\'s guardrails (known: "errors")',
  ],
];

describe("validateFlagSet", () => {
  it("accepts a valid flag set", () => {
    const result = validateFlagSet(validFlagSet());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each(cases)("reports %s", (_name, change, path, message) => {
    const input = _name === "a non-object flag set" ? "flags" : validFlagSet();
    if (typeof input === "object") change(input);
    const result = validateFlagSet(input);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it("reports every problem at once, structural and semantic", () => {
    const input = validFlagSet();
    input.extra = 1;
    input.flags.color.colour = 1;
    input.flags.color.defaultVariation = "red";
    rule(input, 2).weights = [0.5, 0.4];
    const result = validateFlagSet(input);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      '(root): unknown field "extra"',
      'flags.color: unknown field "colour"',
      `${RULES}[2].weights: must sum to 1 (got 0.9)`,
      'flags.color.defaultVariation: unknown variation "red" (known: "blue", "green")',
    ]);
  });

  it("still checks the sound rules of a flag when another of its rules is broken", () => {
    const input = validFlagSet();
    rule(input, 0).kind = "rollout";
    rule(input, 1).serve = "yes";
    rule(input, 1).percentage = 5;
    rule(input, 2).weights = [0.5, 0.4];
    const result = validateFlagSet(input);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      `${RULES}[0].kind: must be one of "force", "ramp", "experiment"`,
      `${RULES}[1]: unknown field "percentage"`,
      `${RULES}[1].serve: unknown variation "yes" (known: "off", "on")`,
      `${RULES}[2].weights: must sum to 1 (got 0.9)`,
    ]);
  });

  it("never changes its input and returns a new value with defaults filled", () => {
    const input = validFlagSet();
    const before = structuredClone(input);
    const result = validateFlagSet(input);
    expect(input).toEqual(before);
    if (!result.ok) throw new Error("expected ok");
    expect(result.value).not.toBe(input);
    const flag = result.value.flags["new-checkout"];
    expect(flag?.variations).toEqual([
      { key: "off", value: false },
      { key: "on", value: true },
    ]);
    expect(flag?.clientVisible).toBe(false);
    expect(flag?.environments?.["production"]?.enabled).toBe(true);
    expect(flag?.environments?.["production"]?.rules?.[3]).toEqual({
      id: "ramp",
      kind: "ramp",
      serve: "on",
      percent: 10,
      hashAttribute: "id",
      seed: "new-checkout",
    });
    expect(flag?.environments?.["production"]?.rules?.[2]).toMatchObject({
      seed: "abc",
      coverage: 1,
      hashVersion: 2,
      hashAttribute: "id",
    });
  });

  it("returns problems and no value when anything is wrong", () => {
    const input = validFlagSet();
    rule(input, 0).serve = "yes";
    const result = validateFlagSet(input);
    expect(result).not.toHaveProperty("value");
  });

  it("fills equal weights when an experiment has none", () => {
    const input = validFlagSet();
    input.flags.color.variations.push({ key: "red", value: "red" });
    input.flags.color.environments = {
      production: { rules: [{ id: "x", kind: "experiment", key: "x", variations: ["blue", "green", "red"] }] },
    };
    const result = validateFlagSet(input);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const compiled = result.value.flags["color"]?.environments?.["production"]?.rules?.[0];
    expect(compiled).toMatchObject({ weights: [0.3333, 0.3333, 0.3334] });
  });

  it("warns about variations with the same value and hidden prerequisites", () => {
    const input = validFlagSet();
    input.flags.color.variations[1].value = "blue";
    input.flags.color.clientVisible = true;
    input.flags.color.environments = {
      production: {
        rules: [{ id: "p", kind: "force", serve: "green", prerequisites: [{ flag: "new-checkout", is: "on" }] }],
      },
    };
    const result = validateFlagSet(input);
    expect(result.warnings).toEqual([
      "flags.color.variations[1]: has the same value as variations[0]",
      'flags.color: depends on "new-checkout", which is not clientVisible, so client payloads skip that rule',
    ]);
  });

  it("accepts the example flag set", () => {
    const text = readFileSync(new URL("./examples/flag-set.example.yaml", import.meta.url), "utf8");
    const result = validateFlagSet(parse(text));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});
