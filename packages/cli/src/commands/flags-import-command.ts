import { readFile, writeFile } from "node:fs/promises";
import { validateFlagSet } from "@switchboard/core";
import { Command } from "commander";
import { stringify as toYaml } from "yaml";
import { CliError, usageError } from "../cli-error.js";
import { importGrowthBook, NotAGrowthBookExport } from "../flags-as-code/growthbook-import.js";

const HELP = `
Reads GrowthBook's SDK payload ({"features": {...}, "savedGroups": {...}}, e.g. from its SDK endpoint) or its REST
API's GET /api/v1/features answer, and writes a flag-set file for one environment to review, commit and apply
with \`switchboard flags apply\`. A feature whose rules cannot be represented exactly (a percentage rollout hashed
with hash version 1, sticky bucketing, ranges, filters, prerequisites) is left out and reported, never imported to
bucket users differently. Exit codes: 0 everything imported, 1 some features left out or unreadable input,
2 usage error.`;

type Options = { from: string; env: string; out?: string; json?: boolean };

/** `switchboard flags import --from growthbook FILE --env ENV`: a GrowthBook export as a flag-set file. */
export function flagsImportCommand(): Command {
  return new Command("import")
    .description("convert another tool's feature export (GrowthBook) into a flag-set file")
    .argument("<file>", "the export, JSON")
    .requiredOption("--from <tool>", "the tool the export comes from: growthbook")
    .requiredOption("--env <environment>", "the environment the imported rules belong to, e.g. production")
    .option("--out <file>", "write the flag set here (.json for JSON, else YAML) instead of standard output")
    .option("--json", "print the outcome (flag set and left-out features) as JSON")
    .addHelpText("after", HELP)
    .action(async (file: string, options: Options) => {
      if (options.from !== "growthbook")
        throw usageError(`--from: only "growthbook" is supported, not "${options.from}"`);
      const input = await readJson(file);
      let outcome: ReturnType<typeof importGrowthBook>;
      try {
        outcome = importGrowthBook(input, options.env);
      } catch (error) {
        if (error instanceof NotAGrowthBookExport) throw new CliError("FAILURE", `${file}: ${error.message}`);
        throw error;
      }
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
