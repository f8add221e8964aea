import { type Flag, type FlagEnvironment, NAME_PATTERN, type Rule } from "@switchboard/core";
import type { ImportFinding } from "./growthbook-import.js";
import { conditionOf, UnmappedConstraint } from "./unleash-constraints.js";

/** A flag set converted from an Unleash export, what was left out, and what was imported with a difference. */
export interface UnleashImport {
  flagSet: { version: 1; environments: string[]; flags: Record<string, Flag> };
  /** Features left out whole: a part of them has no equivalent here. */
  skipped: ImportFinding[];
  /** Features imported that do not behave exactly as in Unleash, one finding per difference. */
  warnings: ImportFinding[];
}

/** Thrown for input that is not an Unleash feature export at all. */
export class NotAnUnleashExport extends Error {}

class Unmapped extends Error {}

type Json = Record<string, unknown>;
type Strategy = Json & { parameters: Json; constraints: unknown[] };
interface Variant {
  name: string;
  weight: number;
  value: string;
  stickiness: string | undefined;
  overrides: { contextName: string; values: string[] }[];
}

const NAMES = new RegExp(NAME_PATTERN);
const DISABLED = "disabled";

/**
 * Converts an Unleash feature export into a flag set. Two shapes are read: the state export (`features`,
 * `featureStrategies` and `featureEnvironments` naming their `environment`, `environments`) and the per-environment
 * feature export (strategies with `name` and no environment: they belong to `environment`, which must be given).
 * Strategies are alternatives (any one turns the feature on), so each becomes a rule serving `on`, in `sortOrder`:
 * `default` for everyone, `userWithId` for listed user ids, `flexibleRollout` as a ramp of the same share,
 * constraints as its condition. A feature with variants becomes a string flag whose rules split units between them
 * by weight (overrides first), serving `disabled` where Unleash's `getVariant` would. Unleash buckets with
 * MurmurHash3 and we with FNV-1a, so a partial rollout or a variant split keeps its shares but not its units: each is
 * imported with a warning. A part with no equivalent (another strategy, a segment, strategy variants, a date
 * constraint, random stickiness) leaves its feature out, reported.
 */
export function importUnleash(input: unknown, environment?: string): UnleashImport {
  if (!isObject(input) || !Array.isArray(input["features"]))
    throw new NotAnUnleashExport('expected an Unleash export: an object with a "features" list');
  const strategies = listOf(input["featureStrategies"]);
  const featureEnvironments = listOf(input["featureEnvironments"]);
  const environments = environmentsOf(input, strategies, featureEnvironments, environment);
  const flags: Record<string, Flag> = {};
  const skipped: ImportFinding[] = [];
  const warnings: ImportFinding[] = [];
  for (const feature of input["features"]) {
    if (!isObject(feature) || typeof feature["name"] !== "string") continue;
    const key = feature["name"];
    const found: ImportFinding[] = [];
    try {
      if (!NAMES.test(key))
        throw new Unmapped(`"${key}" is not a valid flag key (lower-case letters, digits, ".", "_", "-"); rename it`);
      const context = {
        feature,
        strategies,
        featureEnvironments,
        warn: (m: string) => found.push({ feature: key, message: m }),
      };
      flags[key] = convertFeature(key, environments, context);
      warnings.push(...found);
    } catch (error) {
      if (!(error instanceof Unmapped)) throw error;
      skipped.push({ feature: key, message: error.message });
    }
  }
  return { flagSet: { version: 1, environments, flags }, skipped, warnings };
}

function environmentsOf(input: Json, strategies: Json[], featureEnvironments: Json[], chosen?: string): string[] {
  if (chosen !== undefined) return [chosen];
  const named = [
    ...listOf(input["environments"]).map((e) => e["name"]),
    ...strategies.map((s) => s["environment"]),
    ...featureEnvironments.map((e) => e["environment"]),
  ].filter((name): name is string => typeof name === "string");
  if (named.length === 0)
    throw new NotAnUnleashExport("the export names no environment: give --env for the one it was exported from");
  return [...new Set(named)];
}

interface FeatureContext {
  feature: Json;
  strategies: Json[];
  featureEnvironments: Json[];
  warn: (message: string) => void;
}

function convertFeature(key: string, environments: readonly string[], context: FeatureContext): Flag {
  const { feature } = context;
  const perEnvironment = environments.map((name) => ({ name, ...environmentOf(key, name, context) }));
  const withVariants = perEnvironment.some((e) => e.variants.length > 0);
  const variationNames = [...new Set(perEnvironment.flatMap((e) => e.variants.map((v) => v.name)))];
  const flag: Flag = {
    type: withVariants ? "string" : "boolean",
    defaultVariation: withVariants ? DISABLED : "off",
    environments: {},
  };
  if (typeof feature["description"] === "string" && feature["description"] !== "")
    flag.description = feature["description"].slice(0, 500);
  if (typeof feature["type"] === "string") flag.tags = [`unleash-${feature["type"]}`.slice(0, 60)];
  if (withVariants) {
    const values = new Map(perEnvironment.flatMap((e) => e.variants.map((v) => [v.name, v.value] as const)));
    flag.variations = [
      { key: DISABLED, value: DISABLED },
      ...variationNames.map((name) => ({ key: name, value: values.get(name) ?? name })),
    ];
  }
  const environmentSettings: Record<string, FlagEnvironment> = {};
  for (const e of perEnvironment) {
    const rules = e.strategies.flatMap((strategy, i) =>
      rulesOf(key, e.name, strategy, i, withVariants ? e.variants : null, context.warn),
    );
    environmentSettings[e.name] = { enabled: e.enabled, rules: [...overrideRules(e.variants), ...rules] };
  }
  flag.environments = environmentSettings;
  return flag;
}

/** The feature's state, strategies (in order, disabled ones dropped as Unleash drops them) and variants in one environment. */
function environmentOf(
  key: string,
  environment: string,
  { feature, strategies, featureEnvironments, warn }: FeatureContext,
): { enabled: boolean; strategies: Strategy[]; variants: Variant[] } {
  const here = (item: Json) =>
    item["featureName"] === key && (item["environment"] === undefined || item["environment"] === environment);
  const state = featureEnvironments.find(here);
  const inline = listOf(feature["strategies"]);
  const own = (strategies.some((s) => s["featureName"] === key) ? strategies.filter(here) : inline)
    .filter((s) => s["disabled"] !== true)
    .sort((a, b) => Number(a["sortOrder"] ?? 0) - Number(b["sortOrder"] ?? 0))
    .map((s) => ({
      ...s,
      parameters: isObject(s["parameters"]) ? s["parameters"] : {},
      constraints: listOf(s["constraints"]),
    }));
  const enabled = typeof state?.["enabled"] === "boolean" ? state["enabled"] : feature["enabled"] === true;
  const variants = listOf(state?.["variants"] ?? feature["variants"]).map((v) => variantOf(v, warn));
  return { enabled, strategies: own, variants };
}

function variantOf(raw: Json, warn: (message: string) => void): Variant {
  const name = raw["name"];
  if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(name) || name === DISABLED)
    throw new Unmapped(`variant ${JSON.stringify(name)} is not a valid variation key`);
  const payload = isObject(raw["payload"]) ? raw["payload"] : undefined;
  if (payload !== undefined && payload["type"] !== "string")
    warn(`variant ${name}: its ${String(payload["type"])} payload is served as text`);
  const weight = Number(raw["weight"] ?? 0);
  const overrides = listOf(raw["overrides"]).flatMap((o) =>
    typeof o["contextName"] === "string" && Array.isArray(o["values"])
      ? [{ contextName: o["contextName"], values: o["values"].map(String) }]
      : [],
  );
  return {
    name,
    weight: Number.isFinite(weight) ? weight : 0,
    value: payload !== undefined && payload["value"] !== undefined ? String(payload["value"]) : name,
    stickiness: typeof raw["stickiness"] === "string" ? raw["stickiness"] : undefined,
    overrides,
  };
}

/** Variant overrides come first: Unleash serves an overridden variant before any split. */
function overrideRules(variants: readonly Variant[]): Rule[] {
  return variants.flatMap((variant) =>
    variant.overrides.map(
      (o, i): Rule => ({
        kind: "force",
        id: `override-${variant.name}-${i}`.slice(0, 100),
        condition: { [o.contextName]: { $in: o.values } },
        serve: variant.name,
      }),
    ),
  );
}

function rulesOf(
  key: string,
  environment: string,
  strategy: Strategy,
  index: number,
  variants: readonly Variant[] | null,
  warn: (message: string) => void,
): Rule[] {
  // A string flag (variants in some environment) serves `disabled` where Unleash has no variant to give.
  const serve = variants === null ? "on" : DISABLED;
  const name = String(strategy["name"] ?? strategy["strategyName"] ?? "");
  const where = `${environment}: strategy ${index + 1} (${name})`;
  if (
    listOf(strategy["segments"]).length > 0 ||
    (Array.isArray(strategy["segments"]) && strategy["segments"].length > 0)
  )
    throw new Unmapped(`${where} uses Unleash segments, which the export does not define; recreate them as segments`);
  if (Array.isArray(strategy["variants"]) && strategy["variants"].length > 0)
    throw new Unmapped(`${where} has strategy variants, which have no equivalent here`);
  let condition = constraintsOf(strategy.constraints, where);
  let percent = 100;
  let stickiness = "userId";
  const groupId = typeof strategy.parameters["groupId"] === "string" ? strategy.parameters["groupId"] : key;
  switch (name) {
    case "default":
      break;
    case "userWithId": {
      const ids = String(strategy.parameters["userIds"] ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== "");
      const listed = { userId: { $in: ids } };
      condition =
        "userId" in condition || "$and" in condition ? { $and: [condition, listed] } : { ...condition, ...listed };
      break;
    }
    case "flexibleRollout": {
      percent = Number(strategy.parameters["rollout"] ?? 100);
      if (!Number.isFinite(percent) || percent < 0 || percent > 100)
        throw new Unmapped(`${where} has rollout ${JSON.stringify(strategy.parameters["rollout"])}, not 0-100`);
      stickiness = stickinessOf(String(strategy.parameters["stickiness"] ?? "default"), where, percent < 100, warn);
      if (percent < 100)
        warn(
          `${where}: a ${percent}% rollout by ${stickiness} (group ${groupId}) keeps its share but not its users: Unleash hashes with MurmurHash3, we with FNV-1a`,
        );
      break;
    }
    default:
      throw new Unmapped(`${where} has no equivalent here`);
  }
  const id = `unleash-${index + 1}`;
  const targeting = Object.keys(condition).length === 0 ? {} : { condition };
  if (variants !== null && variants.length > 0)
    return [splitRule(key, id, targeting, variants, percent, stickiness, groupId, where, warn)];
  if (percent >= 100) return [{ kind: "force", id, ...targeting, serve }];
  return [{ kind: "ramp", id, ...targeting, serve, percent, hashAttribute: stickiness, seed: groupId }];
}

function constraintsOf(constraints: readonly unknown[], where: string): Json {
  try {
    return conditionOf(constraints);
  } catch (error) {
    if (error instanceof UnmappedConstraint) throw new Unmapped(`${where}: ${error.message}`);
    throw error;
  }
}

function stickinessOf(value: string, where: string, matters: boolean, warn: (message: string) => void): string {
  if (value === "random") {
    if (matters) throw new Unmapped(`${where} buckets at random on every call, which has no equivalent here`);
    return "userId";
  }
  if (value !== "default") return value;
  if (matters)
    warn(
      `${where}: Unleash's default stickiness falls back from userId to sessionId to random; here it is userId only`,
    );
  return "userId";
}

function splitRule(
  key: string,
  id: string,
  targeting: { condition?: Json },
  variants: readonly Variant[],
  percent: number,
  stickiness: string,
  groupId: string,
  where: string,
  warn: (message: string) => void,
): Rule {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (total <= 0) throw new Unmapped(`${where}: the variants' weights add up to ${total}`);
  const variantStickiness = variants[0]?.stickiness;
  const hashAttribute =
    variantStickiness === undefined || variantStickiness === "default" ? stickiness : variantStickiness;
  warn(
    `${where}: the variant split keeps its weights but not its users: Unleash hashes with MurmurHash3, we with FNV-1a`,
  );
  return {
    kind: "experiment",
    id,
    ...targeting,
    key: `${key}-${id}`.slice(0, 100),
    variations: variants.map((v) => v.name),
    weights: variants.map((v) => v.weight / total),
    coverage: percent / 100,
    hashAttribute,
    seed: groupId,
  };
}

function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
