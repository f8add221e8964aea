import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { type Connection, callApi } from "../api/call-api.js";
import { usageError } from "../cli-error.js";

type Options = Connection & { json?: boolean; reason?: string };

const WORDING = { tokenHint: "give --token or set SWITCHBOARD_TOKEN", bodyPath: "(body)", failed: "request failed" };

function withConnection(command: Command): Command {
  return command
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "a token (default SWITCHBOARD_TOKEN; create needs an editor)")
    .option("--json", "print the API answer as JSON");
}

function call(options: Options, method: "GET" | "POST", path: string, body?: unknown) {
  const extra = {
    ...(body === undefined ? {} : { body }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
  return callApi(options, WORDING, (api) => api.request<Record<string, unknown>>(method, path, extra));
}

function print(options: Options, answer: unknown, text: string): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(answer)}\n` : `${text}\n`);
}

interface MonitorDoc {
  key: string;
  version: number;
  body: {
    metric: {
      fn: string;
      field?: string;
      where?: { field: string; op: string; value?: unknown }[];
      environment: string;
    };
    actions?: { action: string };
    alert?: { channels?: { type: string }[] };
  };
}

function metricText(doc: MonitorDoc): string {
  const { metric } = doc.body;
  const where = (metric.where ?? []).map((w) => `${w.field} ${w.op} ${JSON.stringify(w.value)}`).join(" and ");
  return `${metric.fn}${metric.field === undefined ? "" : `(${metric.field})`}${where === "" ? "" : ` of ${where}`} in ${metric.environment}`;
}

function line(doc: MonitorDoc): string {
  const channels = (doc.body.alert?.channels ?? []).map((c) => c.type).join(",") || "no channels";
  return `${doc.key.padEnd(20)} ${metricText(doc)}  action ${doc.body.actions?.action ?? "notify"}  ${channels}`;
}

/** Reads a monitor body from a JSON or YAML file, or builds one from `--event` and `--env`. */
async function createBody(
  key: string,
  o: Options & Record<string, string | undefined>,
): Promise<Record<string, unknown>> {
  if (o["file"] !== undefined) {
    const text = await readFile(o["file"], "utf8");
    const parsed = (o["file"].endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as unknown;
    if (typeof parsed !== "object" || parsed === null) throw usageError(`${o["file"]} does not hold a monitor object`);
    return { key, ...(parsed as Record<string, unknown>) };
  }
  if (o["event"] === undefined) throw usageError("give --file <monitor.yaml> or --event <name> (and --env)");
  return {
    key,
    metric: {
      fn: "count",
      where: [{ field: "name", op: "=", value: o["event"] }],
      environment: o["env"] ?? "production",
    },
    ...(o["action"] === undefined ? {} : { actions: { action: o["action"] } }),
  };
}

/** `switchboard monitors list|get|create|status`. */
export function monitorsCommand(): Command {
  const monitors = new Command("monitors").description("business metrics watched against their prediction");
  monitors.addCommand(
    withConnection(new Command("list").description("list monitors")).action(async (options: Options) => {
      const answer = await call(options, "GET", "/monitors");
      const items = (answer["items"] ?? []) as MonitorDoc[];
      print(options, answer, items.length === 0 ? "no monitors" : items.map(line).join("\n"));
    }),
  );
  monitors.addCommand(
    withConnection(new Command("get").description("show one monitor").argument("<key>", "the monitor")).action(
      async (key: string, options: Options) => {
        const doc = (await call(options, "GET", `/monitors/${encodeURIComponent(key)}`)) as unknown as MonitorDoc;
        print(options, doc, `${line(doc)}  (version ${doc.version})\n${JSON.stringify(doc.body, null, 2)}`);
      },
    ),
  );
  monitors.addCommand(
    withConnection(new Command("create").description("create a monitor").argument("<key>", "its key, e.g. bookings"))
      .option("--file <path>", "the monitor as JSON or YAML (metric, prediction, alert, actions, budget)")
      .option("--event <name>", "shorthand: count events with this name per minute")
      .option("--env <environment>", "shorthand: the environment of the events", "production")
      .option("--action <notify|kill|back>", "shorthand: what the monitor does on an alert")
      .option("--reason <text>", "why (recorded in the audit log)")
      .action(async (key: string, options: Options & Record<string, string | undefined>) => {
        const doc = (await call(options, "POST", "/monitors", await createBody(key, options))) as unknown as MonitorDoc;
        print(options, doc, `created ${line(doc)}`);
      }),
  );
  monitors.addCommand(
    withConnection(new Command("status").description("the runner's view: last minute, open incident, alerts"))
      .argument("<key>", "the monitor")
      .action(async (key: string, options: Options) => {
        const status = await call(options, "GET", `/monitors/${encodeURIComponent(key)}/status`);
        const last = status["last"] as { at: string; expected: number; actual: number } | null;
        const alerts = (status["recentAlerts"] ?? []) as {
          onsetAt: string;
          resolvedAt: string | null;
          sentence: string;
        }[];
        const lines = [
          `${key}: evaluated through ${String(status["evaluatedThrough"] ?? "never")} (${String(status["basis"] ?? "no prediction yet")})`,
          last === null
            ? "  no minute evaluated yet"
            : `  last minute ${last.at}: expected ${last.expected.toFixed(1)}, actual ${last.actual}`,
          ...alerts.map((a) => `  ${a.resolvedAt === null ? "OPEN    " : "resolved"} ${a.onsetAt}  ${a.sentence}`),
        ];
        print(options, status, lines.join("\n"));
      }),
  );
  monitors.addHelpText(
    "after",
    `
Examples:
  export SWITCHBOARD_URL=http://localhost:4242 SWITCHBOARD_TOKEN=sb_...
  switchboard monitors create bookings --event booking --env production --action kill
  switchboard monitors create bookings --file bookings.yaml
  switchboard monitors list
  switchboard monitors status bookings --json

Exit codes: 0 ok, 1 refused by the server (the message names the field), 2 usage error.`,
  );
  for (const command of monitors.commands) command.exitOverride();
  return monitors;
}
