import { readFile, writeFile } from "node:fs/promises";
import { validateFlagSet } from "@switchboard/core";
import { Command } from "commander";
import { stringify as toYaml } from "yaml";
import { CliError, usageError } from "../cli-error.js";
import { type ImportFinding, importGrowthBook, NotAGrowthBookExport } from "../flags-as-code/growthbook-import.js";
import { importUnleash, NotAnUnleashExport } from "../flags-as-code/unleash-import.js";

const HELP = `
Reads GrowthBook's SDK payload ({"features": {...}, "savedGroups": {...}}, e.g. from its SDK endpoint) or its REST
API's GET /api/v1/features answer, and writes a flag-set file for one environment to review, commit and apply
with \`switchboard flags apply\`. A feature whose rules cannot be represented exactly (a percentage rollout hashed
with hash version 1, sticky bucketing, ranges, filters, prerequisites) is left out and reported, never imported to
bucket users differently.

From Unleash, reads the state export (features, featureStrategies, featureEnvironments, environments: every
environment is imported unless --env names one) or a per-environment feature export (--env names its
environment). Strategies default, userWithId and flexibleRollout map onto rules, constraints (IN, NOT_IN, STR_*,
NUM_*, SEMVER_*) onto conditions, variants with weights onto a split. Unleash hashes with MurmurHash3 and
Switchboard with FNV-1a, so a partial rollout or a variant split keeps its shares but not its users: each such
item is printed as a warning. Other strategies, Unleash segments, strategy variants and date constraints leave
their feature out, reported.

Exit codes: 0 everything imported (warnings are printed), 1 some features left out or unreadable input, 2 usage
error.`;

type Options = { from: string; env?: string; out?: string; json?: boolean };

/** What an importer gives: the flag set, features left out, and (Unleash) differences imported with a warning. */
interface Outcome {
  flagSet: { version: 1; environments: string[]; flags: Record<string, unknown> };
  skipped: ImportFinding[];
  warnings?: ImportFinding[];
}

function convert(input: unknown, options: Options, file: string): Outcome {
  try {
    if (options.from === "unleash") return importUnleash(input, options.env);
    if (options.env === undefined) throw usageError("--env: name the environment the GrowthBook rules belong to");
    return importGrowthBook(input, options.env);
  } catch (error) {
    if (error instanceof NotAGrowthBookExport || error instanceof NotAnUnleashExport)
      throw new CliError("FAILURE", `${file}: ${error.message}`);
    throw error;
  }
}

/** `switchboard flags import --from growthbook FILE --env ENV`: a GrowthBook export as a flag-set file. */
export function flagsImportCommand(): Command {
  return new Command("import")
    .description("convert another tool's feature export (GrowthBook, Unleash) into a flag-set file")
    .argument("<file>", "the export, JSON")
    .requiredOption("--from <tool>", "the tool the export comes from: growthbook or unleash")
    .option(
      "--env <environment>",
      "the environment the imported rules belong to, e.g. production (GrowthBook: required; Unleash: the one to import)",
    )
    .option("--out <file>", "write the flag set here (.json for JSON, else YAML) instead of standard output")
    .option("--json", "print the outcome (flag set and left-out features) as JSON")
    .addHelpText("after", HELP)
    .action(async (file: string, options: Options) => {
      if (options.from !== "growthbook" && options.from !== "unleash")
        throw usageError(`--from: "growthbook" or "unleash", not "${options.from}"`);
      const outcome = convert(await readJson(file), options, file);
      const checked = validateFlagSet(outcome.flagSet);
      if (!checked.ok)
        throw new CliError(
          "FAILURE",
          `${file}: the converted flag set is invalid:\n${checked.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`,
        );
      const text =
        options.out?.endsWith(".json") === true
          ? `${JSON.stringify(outcome.flagSet, null, 2)}\n`
          : toYaml(outcome.flagSet);
      if (options.out !== undefined) await writeFile(options.out, text);
      if (options.json === true) process.stdout.write(`${JSON.stringify(outcome)}\n`);
      else if (options.out === undefined) process.stdout.write(text);
      const imported = Object.keys(outcome.flagSet.flags).length;
      const report = [
        `imported ${imported} feature(s)${options.out === undefined ? "" : ` to ${options.out}`}; left out ${outcome.skipped.length}`,
        ...outcome.skipped.map((s) => `  ${s.feature}: ${s.message}`),
        ...(outcome.warnings ?? []).map((w) => `warning: ${w.feature}: ${w.message}`),
      ];
      process.stderr.write(`${report.join("\n")}\n`);
      if (outcome.skipped.length > 0)
        throw new CliError("INVALID_INPUT", `${outcome.skipped.length} feature(s) could not be imported exactly`);
    });
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError("FAILURE", `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError("FAILURE", `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
