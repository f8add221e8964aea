import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { usageError } from "../cli-error.js";

/** What a config file may hold: the server and the token, so a terminal need not export them every time. */
export interface CliConfig {
  url?: string;
  token?: string;
}

/**
 * The config file's path: `SWITCHBOARD_CONFIG`, else `$XDG_CONFIG_HOME/switchboard/config.json`, else
 * `~/.config/switchboard/config.json`.
 */
export function cliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env["SWITCHBOARD_CONFIG"];
  if (explicit !== undefined && explicit !== "") return explicit;
  const base = env["XDG_CONFIG_HOME"] || join(homedir(), ".config");
  return join(base, "switchboard", "config.json");
}

/**
 * Reads the config file. A missing file is no config; a file that is there but unreadable as `{url?, token?}` is a
 * usage error naming it, because silently ignoring it would send commands to the wrong server.
 */
export function readCliConfig(path: string = cliConfigPath()): CliConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw usageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`the config file ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw usageError(`the config file ${path} must hold an object like {"url": "…", "token": "…"}`);
  const config: CliConfig = {};
  for (const name of ["url", "token"] as const) {
    const value = (parsed as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== "string") throw usageError(`the config file ${path}: "${name}" must be a string`);
    config[name] = value;
  }
  return config;
}
