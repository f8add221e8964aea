import type { ExperimentResults } from "@switchboard/core";
import { Command } from "commander";
import { callApi } from "../api/call-api.js";
import { formatResults } from "../results/format-results.js";

const OPTIONS = ["environment", "phase", "from", "to", "method", "cuped", "correction"] as const;

/** `switchboard results <experiment>`: an experiment's results per metric and variation. */
export function resultsCommand(): Command {
  return new Command("results")
    .description("show an experiment's results: per metric and variation the change, its interval and verdict")
    .argument("<experiment>", "the experiment key")
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "a viewer token or better (default SWITCHBOARD_TOKEN)")
    .option("--environment <name>", "environment (default production)")
    .option("--phase <n>", "phase number (default the latest)")
    .option("--from <iso>", "analyse from this time (inside the phase)")
    .option("--to <iso>", "analyse up to this time")
    .option("--method <method>", "frequentist (default), bayesian or sequential")
    .option("--no-cuped", "do not adjust with pre-exposure values")
    .option("--correction <name>", "none (default), holm or bh across metrics × variations")
    .option("--json", "print the answer as JSON")
    .addHelpText(
      "after",
      `
Examples:
  switchboard results checkout-button-abc
  switchboard results checkout-button-abc --method sequential --correction holm --json

Exit codes: 0 ok, 1 server error or invalid input, 2 usage error.`,
    )
    .action(async (experiment: string, options: Record<string, unknown>) => {
      const results = await fetchResults(experiment, options);
      process.stdout.write(options["json"] === true ? `${JSON.stringify(results)}\n` : `${formatResults(results)}\n`);
    });
}

/** Calls `GET /experiments/{key}/results` with the command's options as the query. */
export async function fetchResults(experiment: string, options: Record<string, unknown>): Promise<ExperimentResults> {
  const query = new URLSearchParams();
  for (const name of OPTIONS) {
    const value = options[name];
    // commander sets cuped to true unless --no-cuped: only the opt-out is sent.
    if (name === "cuped" && value !== false) continue;
    if (value !== undefined) query.set(name, String(value));
  }
  const path = `/experiments/${encodeURIComponent(experiment)}/results${query.size > 0 ? `?${query}` : ""}`;
  const connection = {
    ...(typeof options["url"] === "string" ? { url: options["url"] } : {}),
    ...(typeof options["token"] === "string" ? { token: options["token"] } : {}),
  };
  const wording = {
    tokenHint: "pass --token or set SWITCHBOARD_TOKEN (a viewer token)",
    bodyPath: "query",
    failed: "cannot read results",
  };
  return callApi(connection, wording, (api) => api.request<ExperimentResults>("GET", path));
}
