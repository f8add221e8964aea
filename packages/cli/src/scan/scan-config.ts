import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { invalidInput } from "../cli-error.js";
import { DEFAULT_CLIENT_RECEIVER } from "./sdk-methods.js";

/** A pattern that finds keys in a language without a parser here; the regex has a named group `key`. */
export interface KeyPattern {
  name: string;
  extensions: string[];
  /** The line-comment marker of the language: a match after it on its line is a comment, not a reference. */
  comment?: string;
  regex: RegExp;
}

/** What `.switchboard/coderefs.yaml` configures (every field optional). */
export interface ScanConfig {
  /** Keys the scan knows are flags (the server's, when reachable, are added). */
  keys: string[];
  /** Helper functions of the application whose first argument is a flag key (`useFlag("x")`). */
  functions: string[];
  /** Receivers on which the generic SDK methods (`value`, `variation`…) count. */
  receivers: RegExp;
  patterns: KeyPattern[];
  /** Extra ignore rules in .gitignore syntax. */
  exclude: string[];
  /** `https://github.com/acme/shop/blob/{commit}/{file}#L{line}`: how the board links a reference. */
  urlTemplate?: string;
}

/** Where the configuration lives, relative to the scanned root. */
export const CONFIG_PATH = ".switchboard/coderefs.yaml";

const KEY_GROUP = "(?<key>[a-z0-9][a-z0-9._-]{0,99})";

/**
 * Built-in patterns for the GrowthBook-compatible SDKs of Python and Go (they read Switchboard's payload unchanged)
 * and OpenFeature's Go client. `FLAG_KEY` in a configured regex stands for the key's capture group.
 */
export const DEFAULT_PATTERNS: readonly KeyPattern[] = [
  {
    name: "python",
    extensions: [".py"],
    comment: "#",
    regex: patternRegex(String.raw`\.(?:is_on|is_off|get_feature_value|eval_feature)\(\s*["']FLAG_KEY["']`),
  },
  {
    name: "go",
    extensions: [".go"],
    comment: "//",
    regex: patternRegex(
      String.raw`\.(?:IsOn|IsOff|GetFeatureValue|EvalFeature|BooleanValue|StringValue|FloatValue|IntValue|ObjectValue)\(\s*(?:ctx,\s*)?"FLAG_KEY"`,
    ),
  },
];

function patternRegex(source: string): RegExp {
  return new RegExp(source.includes("FLAG_KEY") ? source.replace("FLAG_KEY", KEY_GROUP) : source, "g");
}

/** The default configuration: SDK calls, the built-in patterns, no known keys. */
export function defaultScanConfig(): ScanConfig {
  return {
    keys: [],
    functions: [],
    receivers: new RegExp(DEFAULT_CLIENT_RECEIVER, "i"),
    patterns: [...DEFAULT_PATTERNS],
    exclude: [],
  };
}

/** Reads `.switchboard/coderefs.yaml` under `root` (the defaults when it is absent); a bad field is invalid input. */
export async function loadScanConfig(root: string): Promise<ScanConfig> {
  const path = join(root, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return defaultScanConfig();
  }
  return parseScanConfig(parseYaml(text) as unknown, CONFIG_PATH);
}

/** Checks a parsed configuration object, naming the field of each mistake. */
export function parseScanConfig(raw: unknown, source: string): ScanConfig {
  const config = defaultScanConfig();
  if (raw === null || raw === undefined) return config;
  if (typeof raw !== "object" || Array.isArray(raw)) throw invalidInput(`${source}: expected a mapping`);
  const value = raw as Record<string, unknown>;
  config.keys = stringList(value["keys"], `${source}: keys`);
  config.functions = stringList(value["functions"], `${source}: functions`);
  config.exclude = stringList(value["exclude"], `${source}: exclude`);
  if (value["receivers"] !== undefined) config.receivers = regexOf(value["receivers"], `${source}: receivers`, "i");
  if (value["urlTemplate"] !== undefined) {
    if (typeof value["urlTemplate"] !== "string") throw invalidInput(`${source}: urlTemplate must be a string`);
    config.urlTemplate = value["urlTemplate"];
  }
  if (value["defaultPatterns"] === false) config.patterns = [];
  const patterns = value["patterns"] ?? [];
  if (!Array.isArray(patterns)) throw invalidInput(`${source}: patterns must be a list`);
  patterns.forEach((entry: unknown, index) => {
    config.patterns.push(patternOf(entry, `${source}: patterns[${index}]`));
  });
  return config;
}

function patternOf(entry: unknown, where: string): KeyPattern {
  if (typeof entry !== "object" || entry === null) throw invalidInput(`${where}: expected a mapping`);
  const e = entry as Record<string, unknown>;
  if (typeof e["name"] !== "string") throw invalidInput(`${where}.name: expected a string`);
  const extensions = stringList(e["extensions"], `${where}.extensions`);
  if (extensions.length === 0) throw invalidInput(`${where}.extensions: name at least one, e.g. [".py"]`);
  const regex = regexOf(e["regex"], `${where}.regex`, "g");
  if (!regex.source.includes("?<key>")) throw invalidInput(`${where}.regex: needs FLAG_KEY or a group (?<key>…)`);
  if (e["comment"] !== undefined && typeof e["comment"] !== "string") {
    throw invalidInput(`${where}.comment: expected a string`);
  }
  return {
    name: e["name"],
    extensions,
    regex,
    ...(typeof e["comment"] === "string" ? { comment: e["comment"] } : {}),
  };
}

function regexOf(raw: unknown, where: string, flags: string): RegExp {
  if (typeof raw !== "string") throw invalidInput(`${where}: expected a regular expression as a string`);
  const source = raw.includes("FLAG_KEY") ? raw.replace("FLAG_KEY", KEY_GROUP) : raw;
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw invalidInput(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function stringList(raw: unknown, where: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== "string")) {
    throw invalidInput(`${where}: expected a list of strings`);
  }
  return raw as string[];
}
