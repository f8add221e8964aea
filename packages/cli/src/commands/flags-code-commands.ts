import { readFile, writeFile } from "node:fs/promises";
import type { Flag, ListAnswer, Segment, StoredDocument } from "@switchboard/core";
import { Command } from "commander";
import { stringify as toYaml } from "yaml";
import { type Connection, callApi } from "../api/call-api.js";
import { CliError, invalidInput, usageError } from "../cli-error.js";
import {
  type ChangeSetBody,
  type ChangeSetEntry,
  changeSetOf,
  type FlagPlan,
  planCounts,
  planFlagSet,
  type SegmentChangeSetEntry,
  segmentCounts,
} from "../flags-as-code/flag-plan.js";
import { formatPlan } from "../flags-as-code/format-plan.js";
import { applyReason, gitOriginOf } from "../flags-as-code/git-origin.js";
import { findingText, type KnownNames, loadFlagFiles } from "../flags-as-code/load-flag-files.js";
import { isChangeRequest, requestLine } from "./flags-requests-command.js";
import { withFlagsServerOptions } from "./flags-server-options.js";

type Options = Connection & { json?: boolean; reason?: string; prune?: boolean; out?: string; plan?: string };

const WORDING = {
  tokenHint:
    "give --token, set SWITCHBOARD_TOKEN, or put a token in the config file (see switchboard flags list --help)",
  bodyPath: "(body)",
  failed: "request failed",
};

/** A saved plan (`plan --out`): exactly the change set `apply --plan` sends, and where it came from. */
interface SavedPlan {
  kind: "switchboard-flag-plan";
  createdAt: string;
  files: string[];
  reason: string;
  flags: ChangeSetEntry[];
  /** Absent in plans saved before segments were planned. */
  segments?: SegmentChangeSetEntry[];
}

function connected(command: Command): Command {
  return withFlagsServerOptions(command, "apply needs an editor", "print the result as JSON");
}

function get<T>(options: Options, path: string): Promise<T> {
  return callApi(options, WORDING, (api) => api.request<T>("GET", path));
}

/** The server's flags, environments and segments, read together so the plan sees one moment. */
async function serverState(
  options: Options,
): Promise<{ flags: StoredDocument<Flag>[]; segments: StoredDocument<Segment>[]; known: KnownNames }> {
  const [flags, environments, segments] = await Promise.all([
    get<ListAnswer<StoredDocument<Flag>>>(options, "/flags"),
    get<ListAnswer<StoredDocument>>(options, "/environments"),
    get<ListAnswer<StoredDocument<Segment>>>(options, "/segments"),
  ]);
  return {
    flags: flags.items,
    segments: segments.items,
    known: { environments: environments.items.map((e) => e.key), segments: segments.items.map((s) => s.key) },
  };
}

async function planFromFiles(files: string[], options: Options): Promise<FlagPlan> {
  const server = await serverState(options);
  const loaded = await loadFlagFiles(files, server.known);
  for (const finding of loaded.findings.filter((f) => f.severity === "warning"))
    process.stderr.write(`${findingText(finding)}\n`);
  if (!loaded.ok) {
    const errors = loaded.findings.filter((f) => f.severity === "error").map(findingText);
    throw invalidInput(`the flag-set files have ${errors.length} problem(s):\n  ${errors.join("\n  ")}`);
  }
  return planFlagSet(
    loaded.flags,
    server.flags,
    { prune: options.prune === true, serverOwned: loaded.serverOwned },
    { desired: loaded.segments, server: server.segments, declared: loaded.declaresSegments },
  );
}

function requireFiles(files: string[]): void {
  if (files.length === 0) throw usageError("name at least one flag-set file (YAML or JSON)");
}

function validateCommand(): Command {
  return new Command("validate")
    .description("check flag-set files offline: schema, semantics, references, weights, safe regexes (a CI gate)")
    .argument("<files...>", "flag-set files, YAML or JSON")
    .option("--json", "print the findings as JSON")
    .action(async (files: string[], options: Options) => {
      requireFiles(files);
      const loaded = await loadFlagFiles(files);
      if (options.json === true)
        process.stdout.write(`${JSON.stringify({ ok: loaded.ok, findings: loaded.findings })}\n`);
      else {
        for (const finding of loaded.findings) process.stdout.write(`${findingText(finding)}\n`);
        if (loaded.ok)
          process.stdout.write(`${files.length} file(s) valid: ${Object.keys(loaded.flags).length} flags\n`);
      }
      if (!loaded.ok)
        throw new CliError(
          "INVALID_INPUT",
          `${loaded.findings.filter((f) => f.severity === "error").length} problem(s) found`,
        );
    });
}

function planCommand(): Command {
  return connected(new Command("plan"))
    .description("show what `flags apply` would change on the server, per flag and environment, changing nothing")
    .argument("<files...>", "flag-set files, YAML or JSON")
    .option("--prune", "also archive flags that are on the server but in none of the files")
    .option("--out <plan.json>", "save the plan, to apply exactly it later with `flags apply --plan`")
    .option("--reason <text>", "why (saved with the plan; the git commit is added)")
    .action(async (files: string[], options: Options) => {
      requireFiles(files);
      const plan = await planFromFiles(files, options);
      if (options.out !== undefined) {
        const reason = applyReason(options.reason, await gitOriginOf(files[0] as string));
        const saved: SavedPlan = {
          kind: "switchboard-flag-plan",
          createdAt: new Date().toISOString(),
          files,
          ...changeSetOf(plan, reason),
        };
        await writeFile(options.out, `${JSON.stringify(saved, null, 2)}\n`);
      }
      if (options.json === true)
        process.stdout.write(
          `${JSON.stringify({ ...plan, counts: planCounts(plan), segmentCounts: segmentCounts(plan) })}\n`,
        );
      else
        process.stdout.write(`${formatPlan(plan)}${options.out === undefined ? "" : `\nSaved to ${options.out}.`}\n`);
    });
}

async function readSavedPlan(path: string): Promise<SavedPlan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw usageError(`cannot read the plan ${path}: ${(error as Error).message}`);
  }
  const plan = parsed as Partial<SavedPlan>;
  if (plan.kind !== "switchboard-flag-plan" || !Array.isArray(plan.flags) || typeof plan.reason !== "string")
    throw usageError(`${path} is not a plan saved by \`switchboard flags plan --out\``);
  return plan as SavedPlan;
}

function applyCommand(): Command {
  return connected(new Command("apply"))
    .description("make the server match the files, as one audited change set: all or nothing")
    .argument("[files...]", "flag-set files, YAML or JSON (or give --plan)")
    .option(
      "--plan <plan.json>",
      "apply exactly a plan saved by `flags plan --out` (refused if the server changed since)",
    )
    .option("--prune", "also archive flags that are on the server but in none of the files")
    .option("--reason <text>", "why (the audit log gets it with the git commit and author of the files)")
    .action(async (files: string[], options: Options) => {
      let changeSet: ChangeSetBody;
      if (options.plan !== undefined) {
        if (files.length > 0) throw usageError("give either files or --plan, not both");
        const saved = await readSavedPlan(options.plan);
        changeSet = {
          reason: options.reason === undefined ? saved.reason : `${options.reason} (${saved.reason})`,
          flags: saved.flags,
          segments: saved.segments ?? [],
        };
      } else {
        requireFiles(files);
        const plan = await planFromFiles(files, options);
        if (options.json !== true) process.stdout.write(`${formatPlan(plan)}\n`);
        changeSet = changeSetOf(plan, applyReason(options.reason, await gitOriginOf(files[0] as string)));
      }
      if (changeSet.flags.length + changeSet.segments.length === 0) {
        process.stdout.write(options.json === true ? `${JSON.stringify({ applied: [] })}\n` : "Nothing to apply.\n");
        return;
      }
      const reply = await callApi(options, WORDING, (api) =>
        api.request<unknown>("POST", "/flag-sets/apply", { body: changeSet }),
      );
      if (isChangeRequest(reply)) {
        const text = `The change touches a protected environment (${reply.environments.join(", ")}), so it is held: ${requestLine(reply)}.\nAnother person approves it with: switchboard flags requests approve ${reply.id}`;
        process.stdout.write(options.json === true ? `${JSON.stringify(reply)}\n` : `${text}\n`);
        return;
      }
      const answer = reply as { applied: { key: string; action: string; version: number }[] };
      if (options.json === true) process.stdout.write(`${JSON.stringify(answer)}\n`);
      else
        process.stdout.write(
          `Applied ${answer.applied.length} change(s): ${answer.applied.map((a) => `${appliedVerb(a.action)} ${a.key} (version ${a.version})`).join(", ")}.\n`,
        );
    });
}

/** `flag.update` → `update`; `segment.create` → `create segment`. */
function appliedVerb(action: string): string {
  const [kind, verb] = action.split(".");
  return kind === "flag" ? (verb ?? action) : `${verb ?? action} ${kind}`;
}

function exportCommand(): Command {
  return connected(new Command("export"))
    .description("write the server's flags and segments as a flag-set file (the way from the dashboard to git)")
    .option("--out <file>", "write to this file instead of standard output (.json for JSON, else YAML)")
    .action(async (options: Options) => {
      const [flags, environments, segments] = await Promise.all([
        get<ListAnswer<StoredDocument<Flag>>>(options, "/flags"),
        get<ListAnswer<StoredDocument>>(options, "/environments"),
        get<ListAnswer<StoredDocument<Segment>>>(options, "/segments"),
      ]);
      const set = {
        version: 1,
        environments: environments.items.map((e) => e.key),
        segments: Object.fromEntries(segments.items.map((s) => [s.key, s.body])),
        flags: Object.fromEntries(flags.items.map((f) => [f.key, f.body])),
      };
      const text = options.out?.endsWith(".json") === true ? `${JSON.stringify(set, null, 2)}\n` : toYaml(set);
      if (options.out === undefined) process.stdout.write(text);
      else {
        await writeFile(options.out, text);
        process.stderr.write(
          `wrote ${flags.items.length} flags and ${segments.items.length} segments to ${options.out}\n`,
        );
      }
    });
}

/** The flags-as-code sub-commands of `switchboard flags`: validate, plan, apply, export. */
export function flagsAsCodeCommands(): Command[] {
  return [validateCommand(), planCommand(), applyCommand(), exportCommand()];
}
