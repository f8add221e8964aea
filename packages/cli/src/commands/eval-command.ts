import { Command } from "commander";
import { runEval } from "../eval/run-eval.js";

/** `switchboard eval`: evaluate flags for a file of contexts, offline, exactly as an SDK would. */
export function evalCommand(): Command {
  return new Command("eval")
    .description("evaluate flags for every context of an NDJSON file, offline, exactly as an SDK would")
    .requiredOption("--flags <file>", 'a flag set (YAML or JSON) or an SDK payload (JSON with "features")')
    .requiredOption("--contexts <file>", "NDJSON: one JSON object of attributes per line (- for stdin)")
    .option("--env <environment>", "environment of the flag set to evaluate", "production")
    .option("--flag <key...>", "only these flags (default: every flag)")
    .option("--explain", "add, for each rule, whether it matched and why not")
    .option("--decryption-key <key>", "key of an encrypted SDK payload")
    .addHelpText(
      "after",
      `
Output: one JSON line per context line and flag, in input order:
  {"line":1,"flag":"new-checkout","value":true,"variation":"on","reason":"TARGETING_MATCH",
   "source":"force","ruleId":"jp-mac","inExperiment":false}

Examples:
  switchboard eval --flags examples/flags.yaml --contexts examples/users.ndjson
  switchboard eval --flags examples/flags.yaml --contexts examples/users.ndjson --flag new-checkout --explain
  echo '{"id":"42","country":"jp","os":"macOS"}' | switchboard eval --flags payload.json --contexts -

Exit codes: 0 ok, 1 invalid input (file, line and field are named), 2 usage error.`,
    )
    .action(
      async (options: {
        flags: string;
        contexts: string;
        env: string;
        flag?: string[];
        explain?: boolean;
        decryptionKey?: string;
      }) => {
        await runEval(options, {
          stdout: process.stdout,
          stderr: process.stderr,
          progress: Boolean(process.stderr.isTTY),
        });
      },
    );
}
