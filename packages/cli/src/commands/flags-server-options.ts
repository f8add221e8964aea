import type { Command } from "commander";

/**
 * The options of a `switchboard flags` command that talks to the server: `--url`, `--token` (`tokenNeed` says what
 * needs an editor) and `--json`.
 */
export function withFlagsServerOptions(
  command: Command,
  tokenNeed: string,
  jsonHelp = "print the API answer as JSON",
): Command {
  return command
    .option("--url <url>", "server URL (default SWITCHBOARD_URL, the config file, or http://localhost:4242)")
    .option("--token <token>", `a token (default SWITCHBOARD_TOKEN or the config file); ${tokenNeed}`)
    .option("--json", jsonHelp);
}
