import type { DebtBoard, DebtCandidate } from "@switchboard/core";
import { Command } from "commander";
import { type Connection, callApi } from "../api/call-api.js";
import { usageError } from "../cli-error.js";

type Options = Connection & { days?: string; json?: boolean };

const WORDING = {
  tokenHint: "give --token or set SWITCHBOARD_TOKEN (a viewer)",
  bodyPath: "(query)",
  failed: "request failed",
};

/** `switchboard debt`: the debt board, oldest candidates first. */
export function debtCommand(): Command {
  return new Command("debt")
    .description(
      "flags that are technical debt: one variation for N days (in the rules or in traffic), no activity, dangling or orphan",
    )
    .option("--days <n>", "N: how long a state must hold (default 30)")
    .option("--json", "print the board as JSON")
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "a viewer token (default SWITCHBOARD_TOKEN)")
    .addHelpText(
      "after",
      `
Examples:
  switchboard debt
  switchboard debt --days 60 --json

Exit codes: 0 ok, 1 server error, 2 usage error.`,
    )
    .action(async (options: Options) => {
      if (options.days !== undefined && !/^[1-9]\d{0,3}$/.test(options.days)) {
        throw usageError(`--days must be a whole number of days from 1, not "${options.days}"`);
      }
      const query = options.days === undefined ? "" : `?days=${options.days}`;
      const board = await callApi(options, WORDING, (api) => api.request<DebtBoard>("GET", `/debt${query}`));
      process.stdout.write(options.json === true ? `${JSON.stringify(board)}\n` : `${formatDebt(board)}\n`);
    });
}

/** The board as text: one block per candidate, then the weekly totals. */
export function formatDebt(board: DebtBoard): string {
  const lines: string[] = [];
  if (board.candidates.length === 0) lines.push(`no debt candidates (N = ${board.days} days)`);
  for (const candidate of board.candidates) lines.push(...candidateLines(candidate));
  if (!board.activityKnown) lines.push("", "(no event store: flags without evaluations are not checked)");
  if (board.repositories.length === 0) lines.push("(no code references uploaded: run switchboard scan --upload in CI)");
  lines.push("", `weekly total: ${board.weekly.map((w) => w.total).join(" ")} (12 weeks, oldest first)`);
  return lines.join("\n");
}

function candidateLines(c: DebtCandidate): string[] {
  const head = `${c.flag}  ${c.ageDays} d  owner ${c.owner ?? "-"}  ${c.references.length} refs  ${c.removableLines} lines removable`;
  const last =
    c.lastChange === null
      ? ""
      : `  last change ${c.lastChange.at.slice(0, 10)} ${c.lastChange.action} by ${c.lastChange.actor}`;
  return [
    head + last,
    ...c.findings.map((f) => `  ${f.reason}: ${f.detail}`),
    ...c.references.map((r) => `    ${r.url ?? `${r.repository}@${r.branch}:${r.file}:${r.line}`}`),
  ];
}
