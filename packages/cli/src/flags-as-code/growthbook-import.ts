import { type Flag, ID_PATTERN, NAME_PATTERN, type Rule, type Variation } from "@switchboard/core";

/** One GrowthBook feature that could not be imported, or a part of it that was left out, with why. */
export interface ImportFinding {
  feature: string;
  message: string;
}

/** A flag set converted from a GrowthBook export, and what could not be represented exactly. */
export interface GrowthBookImport {
  flagSet: { version: 1; environments: string[]; flags: Record<string, Flag> };
  /** Features left out whole: importing them would serve some units a different value. */
  skipped: ImportFinding[];
}

type Json = Record<string, unknown>;

const FORCE_KEYS = new Set(["id", "condition", "force", "coverage", "hashAttribute", "seed", "hashVersion", "tracks"]);
const EXPERIMENT_KEYS = new Set([
  ...["id", "condition", "variations", "weights", "key", "hashAttribute", "fallbackAttribute", "seed", "coverage"],
  // `type` (standard, multi-armed-bandit) changes how GrowthBook's back end sets weights, not how SDKs evaluate.
  ...["namespace", "hashVersion", "meta", "name", "phase", "tracks", "type"],
]);
const IDS = new RegExp(ID_PATTERN);
const NAMES = new RegExp(NAME_PATTERN);

/** Thrown for input that is not a GrowthBook features export at all. */
export class NotAGrowthBookExport extends Error {}

/**
 * Converts a GrowthBook features export into a flag set for one environment. Two shapes are read: the SDK payload
 * (`{features: {key: {defaultValue, rules}}, savedGroups?}`) and the REST API's `GET /api/v1/features` answer
 * (`{features: [{id, valueType, defaultValue, environments: {env: {enabled, rules}}}]}`), whose rules for `environment`
 * are taken. A feature is imported only when every rule maps onto one of ours that serves every unit the same
 * value; otherwise it is reported and left out, never imported to bucket differently.
 */
export function importGrowthBook(input: unknown, environment: string): GrowthBookImport {
  if (!isObject(input) || (!isObject(input["features"]) && !Array.isArray(input["features"])))
    throw new NotAGrowthBookExport('expected a GrowthBook export: an object with "features"');
  const savedGroups = isObject(input["savedGroups"]) ? input["savedGroups"] : {};
  const features = Array.isArray(input["features"])
    ? restFeatures(input["features"], environment)
    : Object.entries(input["features"]).map(([key, feature]) => ({ key, feature }));
  const flags: Record<string, Flag> = {};
  const skipped: ImportFinding[] = [];
  for (const { key, feature } of features) {
    try {
      flags[key] = convertFeature(key, feature, environment, savedGroups);
    } catch (error) {
      if (!(error instanceof Unrepresentable)) throw error;
      skipped.push({ feature: key, message: error.message });
    }
  }
  return { flagSet: { version: 1, environments: [environment], flags }, skipped };
}

class Unrepresentable extends Error {}

/** The REST API's features, as SDK-payload features of one environment (disabled there: only the default). */
function restFeatures(items: unknown[], environment: string): { key: string; feature: unknown }[] {
  return items.flatMap((item) => {
    if (!isObject(item) || typeof item["id"] !== "string") return [];
    const env = isObject(item["environments"]) ? item["environments"][environment] : undefined;
    const enabled = isObject(env) && env["enabled"] !== false;
    const rules = enabled && isObject(env) && Array.isArray(env["rules"]) ? env["rules"].map(restRule) : [];
    return [{ key: item["id"], feature: { defaultValue: restValue(item["defaultValue"], item["valueType"]), rules } }];
  });
}

/** REST rules keep values as JSON text and say `type`; SDK rules hold the values themselves. */
function restRule(rule: unknown): unknown {
  if (!isObject(rule) || rule["enabled"] === false) return { disabled: true };
  const condition = typeof rule["condition"] === "string" && rule["condition"] !== "" ? parse(rule["condition"]) : {};
  const head = { id: rule["id"], ...(isObject(condition) && Object.keys(condition).length > 0 ? { condition } : {}) };
  switch (rule["type"]) {
    case "force":
      return { ...head, force: parse(rule["value"]) };
    case "rollout":
      return { ...head, force: parse(rule["value"]), coverage: rule["coverage"], hashAttribute: rule["hashAttribute"] };
    default:
      return { ...head, unsupported: `rule type "${String(rule["type"])}" of the REST export` };
  }
}

function restValue(value: unknown, type: unknown): unknown {
  if (type === "string" || typeof value !== "string") return value;
  return parse(value);
}

function parse(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function convertFeature(key: string, feature: unknown, environment: string, savedGroups: Json): Flag {
  if (!NAMES.test(key))
    throw new Unrepresentable(`the key is not a flag key here (${NAME_PATTERN}); code would call it by another name`);
  if (!isObject(feature)) throw new Unrepresentable("the feature is not an object");
  const rawRules = Array.isArray(feature["rules"]) ? feature["rules"] : [];
  const values = new ValueKeys(servedValues(feature["defaultValue"], rawRules));
  const rules: Rule[] = [];
  rawRules.forEach((raw, index) => {
    const where = `rule ${index + 1}`;
    if (!isObject(raw)) throw new Unrepresentable(`${where} is not an object`);
    if (raw["disabled"] === true) return;
    if (typeof raw["unsupported"] === "string") throw new Unrepresentable(`${where}: ${raw["unsupported"]}`);
    const id = ruleId(raw["id"], index, rules);
    const condition = raw["condition"] === undefined ? undefined : inlineGroups(raw["condition"], savedGroups, where);
    const base = { id, ...(condition === undefined || isEmpty(condition) ? {} : { condition: condition as Json }) };
    if ("variations" in raw) rules.push(experimentRule(raw, base, values, key, where));
    else if ("force" in raw) rules.push(forceRule(raw, base, values, where));
    else {
      // The SDK skips a rule that neither forces nor splits; one that gates on something else is not skipped.
      refuseUnknownKeys(raw, FORCE_KEYS, where);
    }
  });
  const flag: Flag = {
    type: values.type(),
    defaultVariation: values.keyOf(feature["defaultValue"] ?? null),
    environments: { [environment]: { enabled: true, rules } },
  };
  if (flag.type !== "boolean") flag.variations = values.variations();
  return flag;
}

function forceRule(raw: Json, base: { id: string }, values: ValueKeys, where: string): Rule {
  refuseUnknownKeys(raw, FORCE_KEYS, where);
  const serve = values.keyOf(raw["force"]);
  if (raw["coverage"] === undefined) return { kind: "force", ...base, serve };
  // Our percentage rules always hash with version 2; GrowthBook's default for them is version 1.
  if (raw["hashVersion"] !== 2)
    throw new Unrepresentable(
      `${where} is a percentage rollout hashed with hash version ${String(raw["hashVersion"] ?? 1)}; ramps here hash with version 2, so other units would be in`,
    );
  const coverage = numberIn(raw["coverage"], where, "coverage");
  const rule: Rule = { kind: "ramp", ...base, serve, percent: coverage * 100 };
  if (typeof raw["hashAttribute"] === "string" && raw["hashAttribute"] !== "")
    rule.hashAttribute = raw["hashAttribute"];
  if (typeof raw["seed"] === "string" && raw["seed"] !== "") rule.seed = raw["seed"];
  return rule;
}

function experimentRule(raw: Json, base: { id: string }, values: ValueKeys, feature: string, where: string): Rule {
  refuseUnknownKeys(raw, EXPERIMENT_KEYS, where);
  if (!Array.isArray(raw["variations"]) || raw["variations"].length === 0)
    throw new Unrepresentable(`${where} has no variations`);
  const variations = raw["variations"].map((value) => values.keyOf(value));
  if (new Set(variations).size !== variations.length)
    throw new Unrepresentable(`${where} serves the same value as two variations`);
  const gbKey = typeof raw["key"] === "string" && raw["key"] !== "" ? raw["key"] : feature;
  // GrowthBook hashes with the experiment key unless a seed is given; a key we cannot name keeps it as the seed.
  const key = NAMES.test(gbKey) ? gbKey : `${feature}-experiment`;
  const rule: Rule = { kind: "experiment", ...base, key, variations };
  if (Array.isArray(raw["weights"])) rule.weights = raw["weights"].map((w) => numberIn(w, where, "weights"));
  if (typeof raw["hashAttribute"] === "string" && raw["hashAttribute"] !== "")
    rule.hashAttribute = raw["hashAttribute"];
  if (typeof raw["fallbackAttribute"] === "string") rule.fallbackAttribute = raw["fallbackAttribute"];
  const seed = typeof raw["seed"] === "string" && raw["seed"] !== "" ? raw["seed"] : gbKey;
  if (seed !== key) rule.seed = seed;
  if (raw["coverage"] !== undefined) rule.coverage = numberIn(raw["coverage"], where, "coverage");
  if (raw["hashVersion"] !== undefined) {
    if (raw["hashVersion"] !== 1 && raw["hashVersion"] !== 2)
      throw new Unrepresentable(`${where} uses hash version ${String(raw["hashVersion"])}`);
    rule.hashVersion = raw["hashVersion"];
  } else rule.hashVersion = 1; // GrowthBook's default for experiments, so units stay in their variation
  const namespace = raw["namespace"];
  if (namespace !== undefined) {
    if (!Array.isArray(namespace) || typeof namespace[0] !== "string" || namespace.length !== 3)
      throw new Unrepresentable(`${where} has a namespace that is not [id, start, end]`);
    rule.namespace = {
      id: namespace[0],
      range: [numberIn(namespace[1], where, "namespace"), numberIn(namespace[2], where, "namespace")],
    };
  }
  return rule;
}

/** `$inGroup`/`$notInGroup` name saved groups; they become the same test on the group's ids written out. */
function inlineGroups(condition: unknown, savedGroups: Json, where: string): unknown {
  if (Array.isArray(condition)) return condition.map((part) => inlineGroups(part, savedGroups, where));
  if (!isObject(condition)) return condition;
  const out: Json = {};
  for (const [name, value] of Object.entries(condition)) {
    if (name === "$inGroup" || name === "$notInGroup") {
      const group = typeof value === "string" ? savedGroups[value] : undefined;
      if (!Array.isArray(group))
        throw new Unrepresentable(`${where} names saved group ${JSON.stringify(value)}, which the export lacks`);
      out[name === "$inGroup" ? "$in" : "$nin"] = group;
    } else out[name] = inlineGroups(value, savedGroups, where);
  }
  return out;
}

function refuseUnknownKeys(raw: Json, known: ReadonlySet<string>, where: string): void {
  const unknown = Object.keys(raw).filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new Unrepresentable(`${where} uses ${unknown.join(", ")}, which has no counterpart here`);
}

function ruleId(given: unknown, index: number, taken: readonly Rule[]): string {
  const id = typeof given === "string" && IDS.test(given) ? given : `rule-${index + 1}`;
  return taken.some((rule) => rule.id === id) ? `${id}-${index + 1}` : id;
}

function numberIn(value: unknown, where: string, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1)
    throw new Unrepresentable(`${where} has ${field} ${JSON.stringify(value)}, not a number from 0 to 1`);
  return value;
}

/** Every value a feature can serve: its default, forced values and experiment variations. */
function servedValues(defaultValue: unknown, rules: readonly unknown[]): unknown[] {
  const values: unknown[] = [defaultValue ?? null];
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    if ("force" in rule) values.push(rule["force"]);
    if (Array.isArray(rule["variations"])) values.push(...rule["variations"]);
  }
  return values;
}

/** The distinct values a feature serves, each named by a variation key fixed once all are known. */
class ValueKeys {
  readonly #values: unknown[] = [];
  readonly #keys: string[] = [];
  readonly #type: Flag["type"];

  constructor(served: readonly unknown[]) {
    for (const value of served) {
      const text = JSON.stringify(value ?? null);
      if (!this.#values.some((known) => JSON.stringify(known) === text)) this.#values.push(value ?? null);
    }
    const kinds = new Set(this.#values.map((value) => typeof value));
    const only = kinds.size === 1 ? [...kinds][0] : undefined;
    this.#type = only === "boolean" || only === "string" || only === "number" ? only : "json";
    this.#values.forEach((value, index) => {
      const named =
        this.#type === "boolean" ? (value ? "on" : "off") : typeof value === "string" && IDS.test(value) ? value : "";
      let key = named !== "" && !this.#keys.includes(named) ? named : `v${index}`;
      while (this.#keys.includes(key)) key = `${key}-${index}`;
      this.#keys.push(key);
    });
  }

  keyOf(value: unknown): string {
    const text = JSON.stringify(value ?? null);
    const index = this.#values.findIndex((known) => JSON.stringify(known) === text);
    if (index < 0) throw new Error(`value ${text} was not collected first`);
    return this.#keys[index] as string;
  }

  type(): Flag["type"] {
    return this.#type;
  }

  variations(): Variation[] {
    return this.#values.map((value, index) => ({ key: this.#keys[index] as string, value }));
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}
