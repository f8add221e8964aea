import type { ChangeRequest, ChangeRequestStatus, ListAnswer } from "@switchboard/core";
import { Command, InvalidArgumentError } from "commander";
import { type Connection, callApi } from "../api/call-api.js";
import { formatTable } from "../events/format-table.js";
import { groupedDifferences } from "../flags-as-code/format-plan.js";
import { jsonDifferences } from "../flags-as-code/json-differences.js";
import { withFlagsServerOptions } from "./flags-server-options.js";

type Options = Connection & { json?: boolean; reason?: string };

const WORDING = {
  tokenHint: "give --token, set SWITCHBOARD_TOKEN, or put a token in the config file (see --help)",
  bodyPath: "(body)",
  failed: "request failed",
};

const STATUSES: readonly ChangeRequestStatus[] = ["pending", "scheduled", "applied", "rejected", "cancelled", "failed"];

const HELP = `
Change requests hold an editor's changes to protected environments (SWITCHBOARD_CHANGE_REQUESTS_IN on the
server) until another person approves them: an admin, or an editor who did not propose it. Killing a flag is
never held. The server and token come from --url/--token, else SWITCHBOARD_URL/SWITCHBOARD_TOKEN, else the config
file. Exit codes: 0 ok, 1 server error or refusal, 2 usage error.`;

function connected(command: Command): Command {
  return withFlagsServerOptions(command, "deciding needs an editor").addHelpText("after", HELP);
}

function statusArgument(value: string): ChangeRequestStatus {
  const status = STATUSES.find((s) => s === value);
  if (status === undefined) throw new InvalidArgumentError(`one of ${STATUSES.join(", ")}`);
  return status;
}

function timeArgument(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError("an ISO time, e.g. 2026-12-08T09:00:00Z");
  return new Date(ms).toISOString();
}

function print(options: Options, answer: unknown, text: string): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(answer)}\n` : `${text}\n`);
}

/** One line about a change request: id, status, what, who. */
export function requestLine(request: ChangeRequest): string {
  const decided = request.decidedBy === null ? "" : `, ${request.status} by ${request.decidedBy}`;
  return `${request.id} (${request.status}): ${request.summary}, proposed by ${request.proposedBy}${decided}`;
}

/** A change request as a reviewer reads it: who, why, and each flag's differences grouped by environment. */
export function formatChangeRequest(request: ChangeRequest): string {
  const lines = [
    requestLine(request),
    `  environments: ${request.environments.join(", ")}   reason: ${request.reason ?? "(none)"}`,
  ];
  if (request.applyAt !== null && request.status === "scheduled") lines.push(`  applies at ${request.applyAt}`);
  if (request.error !== null) lines.push(`  ${request.error}`);
  const changes = [
    ...(request.segments ?? []).map((change) => ({ ...change, what: "segment" })),
    ...request.changes.map((change) => ({ ...change, what: "flag" })),
  ];
  for (const change of changes) {
    const version = change.expectedVersion === null ? "new" : `from version ${change.expectedVersion}`;
    const op = change.before === null ? "create" : change.after === null ? "archive" : "update";
    lines.push(`  ${op} ${change.what} ${change.key} (${version})`);
    if (op === "update") lines.push(...groupedDifferences(jsonDifferences(change.before, change.after)));
  }
  for (const delivery of request.deliveries ?? []) lines.push(`  webhook ${deliveryText(delivery)}`);
  return lines.join("\n");
}

/** `proposed: delivered after 2 attempts (msg_…)`, `approved: failed after 5 attempts, last answered 503`. */
export function deliveryText(delivery: ChangeRequest["deliveries"][number]): string {
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  const last = delivery.status === "delivered" ? "" : `, last ${delivery.lastError ?? "?"}`;
  const state = delivery.status === "pending" ? "retrying" : delivery.status;
  return `${delivery.event}: ${state} after ${attempts}${last} (${delivery.id})`;
}

function listCommand(): Command {
  return connected(new Command("list").description("list change requests, newest first"))
    .option("--status <status>", `only requests of this status (${STATUSES.join(", ")})`, statusArgument)
    .action(async (options: Options & { status?: ChangeRequestStatus }) => {
      const query = options.status === undefined ? "" : `?status=${options.status}`;
      const answer = await callApi(options, WORDING, (api) =>
        api.request<ListAnswer<ChangeRequest>>("GET", `/change-requests${query}`),
      );
      const rows = answer.items.map((r) => [r.id, r.status, r.summary, r.proposedBy, r.decidedBy ?? "", r.proposedAt]);
      print(
        options,
        answer,
        rows.length === 0
          ? "no change requests"
          : formatTable(["id", "status", "what", "proposed by", "decided by", "at"], rows),
      );
    });
}

function showCommand(): Command {
  return connected(new Command("show").description("show a change request with each flag's differences"))
    .argument("<id>", "the change request")
    .action(async (id: string, options: Options) => {
      const request = await callApi(options, WORDING, (api) =>
        api.request<ChangeRequest>("GET", `/change-requests/${encodeURIComponent(id)}`),
      );
      print(options, request, formatChangeRequest(request));
    });
}

function decisionCommand(name: "approve" | "reject" | "cancel", description: string): Command {
  const command = connected(new Command(name).description(description))
    .argument("<id>", "the change request")
    .option("--reason <text>", "why (recorded in the audit log)");
  if (name === "approve") command.option("--at <time>", "apply at this time instead of now (ISO)", timeArgument);
  return command.action(async (id: string, options: Options & { at?: string }) => {
    const body = {
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.at === undefined ? {} : { applyAt: options.at }),
    };
    const request = await callApi(options, WORDING, (api) =>
      api.request<ChangeRequest>("POST", `/change-requests/${encodeURIComponent(id)}/${name}`, { body }),
    );
    print(options, request, requestLine(request));
  });
}

/** `switchboard flags requests …`: the four-eyes queue of protected environments. */
export function flagsRequestsCommand(): Command {
  const requests = new Command("requests").description(
    "change requests for protected environments: list, show, approve, reject, cancel",
  );
  requests.addCommand(listCommand(), { isDefault: true });
  requests.addCommand(showCommand());
  requests.addCommand(decisionCommand("approve", "approve a request you did not propose: it applies now or --at"));
  requests.addCommand(decisionCommand("reject", "reject a request you did not propose"));
  requests.addCommand(decisionCommand("cancel", "withdraw your own request"));
  return requests;
}

/** Whether an answer is a change request (a write held for approval) rather than the change. */
export function isChangeRequest(answer: unknown): answer is ChangeRequest {
  return typeof answer === "object" && answer !== null && "proposedBy" in answer && "changes" in answer;
}
