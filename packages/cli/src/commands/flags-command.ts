import type { Change, FlagDocument, ListAnswer, StoredDocument } from "@switchboard/core";
import { Command, InvalidArgumentError } from "commander";
import { type Connection, callApi } from "../api/call-api.js";
import { usageError } from "../cli-error.js";
import { formatTable } from "../events/format-table.js";
import { flagStateText } from "../flags/flag-state-text.js";
import { flagsAsCodeCommands } from "./flags-code-commands.js";
import { flagsImportCommand } from "./flags-import-command.js";
import { flagsRequestsCommand, isChangeRequest, requestLine } from "./flags-requests-command.js";
import { withFlagsServerOptions } from "./flags-server-options.js";

type Options = Connection & { json?: boolean; reason?: string; env?: string };

const WORDING = {
  tokenHint: "give --token, set SWITCHBOARD_TOKEN, or put a token in the config file (see --help)",
  bodyPath: "(body)",
  failed: "request failed",
};

const CONNECTION_HELP = `
The server and token come from --url/--token, else SWITCHBOARD_URL/SWITCHBOARD_TOKEN, else the config file
(SWITCHBOARD_CONFIG, default ~/.config/switchboard/config.json: {"url": "…", "token": "…"}).
Exit codes: 0 ok, 1 server error or invalid input, 2 usage error.`;

function connected(command: Command): Command {
  return withFlagsServerOptions(command, "writes need an editor").addHelpText("after", CONNECTION_HELP);
}

/** A write: needs the environment it acts on, and takes a reason (required by the server in production). */
function activation(command: Command): Command {
  return connected(command)
    .requiredOption("--env <environment>", "the environment, e.g. production")
    .option("--reason <text>", "why (recorded in the audit log; required in production)");
}

function print(options: Options, answer: unknown, text: string): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(answer)}\n` : `${text}\n`);
}

function flagPath(key: string, environment?: string): string {
  const flag = `/flags/${encodeURIComponent(key)}`;
  return environment === undefined ? flag : `${flag}/environments/${encodeURIComponent(environment)}`;
}

async function environmentsOf(options: Options): Promise<string[]> {
  if (options.env !== undefined) return [options.env];
  const answer = await callApi(options, WORDING, (api) =>
    api.request<ListAnswer<StoredDocument>>("GET", "/environments"),
  );
  return answer.items.map((e) => e.key);
}

async function activate(options: Options, key: string, name: string, body: Record<string, unknown>): Promise<void> {
  const environment = options.env ?? "";
  const withReason = options.reason === undefined ? body : { ...body, reason: options.reason };
  const answer = await callApi(options, WORDING, (api) =>
    api.request<unknown>("POST", `${flagPath(key, environment)}/${name}`, { body: withReason }),
  );
  if (isChangeRequest(answer)) {
    print(options, answer, `${environment} is protected: ${requestLine(answer)}; another person must approve it.`);
    return;
  }
  const flag = answer as FlagDocument & { warnings?: string[] };
  const warnings = (flag.warnings ?? []).map((w) => `\nwarning: ${w}`).join("");
  print(
    options,
    flag,
    `${key} in ${environment}: ${flagStateText(flag.body, environment)} (version ${flag.version})${warnings}`,
  );
}

function percentArgument(value: string): number {
  const percent = Number(value.replace(/%$/, ""));
  if (value.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new InvalidArgumentError("a percentage from 0 to 100, e.g. 25 or 25%");
  return percent;
}

function limitArgument(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidArgumentError("a whole number 1–1000");
  return limit;
}

function listCommand(): Command {
  return connected(new Command("list").description("list flags with their state in each environment"))
    .option("--env <environment>", "show one environment only")
    .option("--tag <tag>", "only flags with this tag")
    .option("--owner <owner>", "only flags of this owner")
    .option("--text <text>", "only flags whose key or description contains this")
    .action(async (options: Options & { tag?: string; owner?: string; text?: string }) => {
      const query = new URLSearchParams();
      for (const name of ["tag", "owner", "text"] as const)
        if (options[name] !== undefined) query.set(name, options[name]);
      const path = `/flags${query.size > 0 ? `?${query}` : ""}`;
      const [answer, environments] = await Promise.all([
        callApi(options, WORDING, (api) => api.request<ListAnswer<FlagDocument>>("GET", path)),
        environmentsOf(options),
      ]);
      const rows = answer.items.map((f) => [f.key, f.body.type, ...environments.map((e) => flagStateText(f.body, e))]);
      const text = rows.length === 0 ? "no flags match" : formatTable(["flag", "type", ...environments], rows);
      print(options, answer, text);
    });
}

function getCommand(): Command {
  return connected(new Command("get").description("show one flag: variations and each environment's rules"))
    .argument("<key>", "the flag")
    .option("--env <environment>", "show one environment only")
    .action(async (key: string, options: Options) => {
      const [flag, environments] = await Promise.all([
        callApi(options, WORDING, (api) => api.request<FlagDocument>("GET", flagPath(key))),
        environmentsOf(options),
      ]);
      const variations = (flag.body.variations ?? []).map((v) => `${v.key}=${JSON.stringify(v.value)}`).join(", ");
      const lines = [
        `${flag.key} (${flag.body.type}, version ${flag.version}${flag.archived ? ", archived" : ""})`,
        ...(flag.body.description === undefined ? [] : [flag.body.description]),
        `owner: ${flag.body.owner ?? "none"}   tags: ${(flag.body.tags ?? []).join(", ") || "none"}`,
        `variations: ${variations || "off=false, on=true"}   default: ${flag.body.defaultVariation}`,
        ...environments.map((e) => `  ${e}: ${flagStateText(flag.body, e)}`),
      ];
      print(options, flag, lines.join("\n"));
    });
}

function historyCommand(): Command {
  return connected(new Command("history").description("the audit log of one flag, newest first"))
    .argument("<key>", "the flag")
    .option("--env <environment>", "changes in one environment only")
    .option("--limit <n>", "how many changes (1–1000)", limitArgument, 20)
    .action(async (key: string, options: Options & { limit: number }) => {
      const query = new URLSearchParams({ flag: key, limit: String(options.limit), order: "desc" });
      if (options.env !== undefined) query.set("environment", options.env);
      const answer = await callApi(options, WORDING, (api) =>
        api.request<ListAnswer<Change>>("GET", `/changes?${query}`),
      );
      const rows = answer.items.map((c) => [c.at, c.actor, c.action, c.environment ?? "", c.reason ?? ""]);
      print(
        options,
        answer,
        rows.length === 0 ? `no changes of ${key}` : formatTable(["at", "who", "what", "where", "why"], rows),
      );
    });
}

/** `switchboard flags …`: operate flags from a terminal, and keep a flag set in git (validate, plan, apply, export). */
export function flagsCommand(): Command {
  const flags = new Command("flags").description(
    "list, inspect and operate flags (enable, kill, ramp, serve-me); keep them as code (validate, plan, apply, export, import); change requests",
  );
  flags.addCommand(listCommand());
  flags.addCommand(getCommand());
  flags.addCommand(
    activation(
      new Command("enable").description("turn a flag on in an environment").argument("<key>", "the flag"),
    ).action((key: string, options: Options) => activate(options, key, "enable", {})),
  );
  flags.addCommand(
    activation(
      new Command("kill")
        .description("kill switch: everyone in the environment gets the default variation at once")
        .argument("<key>", "the flag"),
    ).action((key: string, options: Options) => activate(options, key, "kill", {})),
  );
  flags.addCommand(
    activation(
      new Command("ramp")
        .description("set the percentage of the flag's ramp rule in an environment")
        .argument("<key>", "the flag")
        .argument("<percent>", "0–100", percentArgument),
    )
      .option("--rule <id>", "the ramp rule, when the environment has several")
      .action((key: string, percent: number, options: Options & { rule?: string }) =>
        activate(options, key, "ramp", { percent, ...(options.rule === undefined ? {} : { rule: options.rule }) }),
      ),
  );
  flags.addCommand(
    activation(
      new Command("serve-me")
        .description('add (or with --remove take out) units of the flag\'s "serve me / my team" rule')
        .argument("<key>", "the flag")
        .argument("<units...>", "unit ids, e.g. a user id"),
    )
      .option("--remove", "take the units out instead of adding them")
      .option("--serve <variation>", 'the variation they get (default "on")')
      .option("--attribute <name>", 'the attribute the ids are of (default "id")')
      .action(
        (key: string, units: string[], options: Options & { remove?: boolean; serve?: string; attribute?: string }) => {
          if (units.length === 0) throw usageError("name at least one unit id");
          const body = {
            [options.remove === true ? "remove" : "add"]: units,
            ...(options.serve === undefined ? {} : { serve: options.serve }),
            ...(options.attribute === undefined ? {} : { attribute: options.attribute }),
          };
          return activate(options, key, "serve-me", body);
        },
      ),
  );
  flags.addCommand(historyCommand());
  flags.addCommand(flagsImportCommand());
  flags.addCommand(flagsRequestsCommand());
  for (const command of flagsAsCodeCommands()) flags.addCommand(command);
  return flags;
}
