import { Command, CommanderError } from "commander";
import { CliError, EXIT_CODES } from "./cli-error.js";
import { cleanupCommand } from "./commands/cleanup-command.js";
import { clusterCommand } from "./commands/cluster-command.js";
import { debtCommand } from "./commands/debt-command.js";
import { demoCommand } from "./commands/demo-command.js";
import { evalCommand } from "./commands/eval-command.js";
import { eventsCommand } from "./commands/events-command.js";
import { flagsCommand } from "./commands/flags-command.js";
import { lintSqlCommand } from "./commands/lint-sql-command.js";
import { monitorsCommand } from "./commands/monitors-command.js";
import { proxyCommand } from "./commands/proxy-command.js";
import { resultsCommand } from "./commands/results-command.js";
import { scanCommand } from "./commands/scan-command.js";
import { serveCommand } from "./commands/serve-command.js";
import { trafficCommand } from "./commands/traffic-command.js";
import { CLI_VERSION } from "./version.js";

/** Builds the `switchboard` program with every command registered. */
export function createProgram(): Command {
  const program = new Command("switchboard")
    .description("Switchboard: ship code dark, activate it with a config change.")
    .version(CLI_VERSION)
    // Options before the command name belong to switchboard, after it to the command: `lint-sql --version 8.0` is
    // the server version, not the CLI's.
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .addCommand(serveCommand())
    .addCommand(evalCommand())
    .addCommand(flagsCommand())
    .addCommand(eventsCommand())
    .addCommand(resultsCommand())
    .addCommand(demoCommand())
    .addCommand(trafficCommand())
    .addCommand(monitorsCommand())
    .addCommand(scanCommand())
    .addCommand(debtCommand())
    .addCommand(cleanupCommand())
    .addCommand(proxyCommand())
    .addCommand(clusterCommand())
    .addCommand(lintSqlCommand());
  program.exitOverride();
  exitOverrideEverywhere(program);
  return program;
}

// Sub-commands (`flags kill`, `monitors create`) must report usage mistakes by throwing too, not exit the process.
function exitOverrideEverywhere(command: Command): void {
  for (const child of command.commands) {
    child.exitOverride();
    exitOverrideEverywhere(child);
  }
}

/** Runs the CLI and returns the exit code (0 ok, 1 findings or invalid input, 2 usage) instead of exiting. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeOf(error);
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are successful outcomes that commander reports by throwing.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    if (error.code === "commander.help") return 0;
    return EXIT_CODES.USAGE;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT_CODES[error.code];
  }
  process.stderr.write(
    `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT_CODES.FAILURE;
}
