import type { RunningServer, ServerConfig } from "@switchboard/server";
import { Command } from "commander";
import { CliError, usageError } from "../cli-error.js";

/** `switchboard serve`: the control plane, SDK payloads and streams, on the embedded store or a PostgreSQL server. */
export function serveCommand(): Command {
  return new Command("serve")
    .description("run the Switchboard server: control API, SDK payloads and live streams")
    .option("--port <port>", "port to listen on (SWITCHBOARD_PORT, default 4242)")
    .option("--host <host>", "address to listen on (SWITCHBOARD_HOST, default 0.0.0.0)")
    .option("--data <dir>", "data directory of the embedded stores (SWITCHBOARD_DATA_DIR, default ./.switchboard)")
    .option("--demo-data", "fill an empty server with a small example shop: flags, an experiment, a monitor, history")
    .addHelpText(
      "after",
      `
Environment variables:
  SWITCHBOARD_DATABASE_URL        use a PostgreSQL server (postgres://…) instead of the embedded one;
                                  several servers on one database form a cluster
  SWITCHBOARD_ADMIN_TOKEN         an admin token, added on any start where it is not one yet (default on first
                                  start: a generated one, printed once); at least 32 characters, 10 different
  SWITCHBOARD_TRUST_PROXY         proxies whose X-Forwarded-For names the client: false (default), true, a hop
                                  count, or addresses and CIDRs (10.0.0.0/8,127.0.0.1)
  SWITCHBOARD_ENVIRONMENTS        environments created on first start (default development,staging,production)
  SWITCHBOARD_REASON_REQUIRED_IN  environments where editors must give a reason (default production)
  SWITCHBOARD_CHANGE_REQUESTS_IN  protected environments: an editor's change there waits for another person's
                                  approval as a change request; kills never wait (default none)
  SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_URL     where each change-request step is posted (Standard Webhooks)
  SWITCHBOARD_CHANGE_REQUEST_WEBHOOK_SECRET  its whsec_ signing secret
  SWITCHBOARD_BODY_LIMIT_BYTES    largest request body (default 1048576)
  SWITCHBOARD_SHUTDOWN_GRACE_MS   how long SIGTERM waits for in-flight requests before cutting them (default 10000)
  SWITCHBOARD_MONITOR_INTERVAL_MS how often the monitor runner looks for due monitors (default 5000)
  SWITCHBOARD_MONITOR_LAG_MS      how long a minute waits for late events before monitors evaluate it (default 60000)
  SWITCHBOARD_MONITOR_LEASE_MS    how long a server holds a monitor without renewing it: a dead server's monitors
                                  move to another after this (default 60000; at least 3 × the interval)
  SWITCHBOARD_EVENTS_MEMORY_LIMIT the embedded DuckDB's memory_limit: its buffer pool fills up to it (default 1GB)
  SWITCHBOARD_REQUEST_TIMEOUT_MS  time to receive a whole request, body included, before 408 (default 30000)
  SWITCHBOARD_HEADERS_TIMEOUT_MS  time to receive the request headers (default 15000)
  SWITCHBOARD_KEEP_ALIVE_TIMEOUT_MS  how long an idle keep-alive connection is kept (default 72000)
  SWITCHBOARD_IDLE_TIMEOUT_MS     a connection silent both ways this long is closed (default 300000)
  SWITCHBOARD_MAX_CONNECTIONS     connections held at once; keep it below the file limit (default 20000)
  SWITCHBOARD_SMTP_URL            the SMTP server of monitors' e-mail channels (smtp://user:pass@host:587, smtps://…)
  SWITCHBOARD_SMTP_FROM           the sender of alert e-mails (default Switchboard <switchboard@localhost>)

Examples:
  switchboard serve
  switchboard serve --port 8080 --data /var/lib/switchboard
  SWITCHBOARD_DATABASE_URL=postgres://127.0.0.1:5432/switchboard switchboard serve`,
    )
    .action(async (flags: { port?: string; host?: string; data?: string; demoData?: boolean }) => {
      // Loaded only when serving: the server brings PGlite and DuckDB, which `switchboard proxy` must not load.
      const { ConfigError, parseServerConfig, StartupError, startServer } = await import("@switchboard/server");
      let config: ServerConfig;
      try {
        config = parseServerConfig(flags, process.env);
      } catch (error) {
        if (error instanceof ConfigError) throw usageError(error.message);
        throw error;
      }
      // A known start-up failure (port taken, data folder held by another server) is one line saying what to do.
      const server = await startServer(config).catch((error: unknown) => {
        throw error instanceof StartupError ? new CliError("FAILURE", error.message) : error;
      });
      process.stdout.write(banner(server));
      // Loud on purpose: a token that is set but does not work must not be found out through a 401 later.
      if (server.configuredAdminToken?.status === "ignored") {
        process.stderr.write(`warning: SWITCHBOARD_ADMIN_TOKEN is ignored: ${server.configuredAdminToken.why}\n`);
      }
      if (flags.demoData) await seedForDemo(server);
      await waitForShutdownSignal();
      process.stdout.write("shutting down: finishing in-flight requests…\n");
      await server.close();
      // Everything is closed; a handle some library left open must not keep a stopped server alive.
      await new Promise<void>((resolve) => process.stdout.write("stopped\n", () => resolve()));
      process.exit(0);
    });
}

/** The start-up banner, written at once so that a reader of the output never sees half of it. */
function banner(server: RunningServer): string {
  const { url, createdAdminToken: adminToken } = server;
  const lines = [
    `Switchboard is running at ${url}`,
    `  dashboard:     ${url}/`,
    `  API reference: ${url}/api/v1/openapi.json`,
    `  config store:  ${server.storeDescription}`,
    ...configuredTokenLine(server.configuredAdminToken),
  ];
  if (adminToken) {
    lines.push(
      "",
      "Admin token (shown once; keep it somewhere safe):",
      `  ${adminToken}`,
      "",
      "Try:",
      `  curl -H "Authorization: Bearer ${adminToken}" ${url}/api/v1/environments`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Says which admin token works when one was configured (never the secret: whoever set it knows it). */
function configuredTokenLine(configured: RunningServer["configuredAdminToken"]): string[] {
  if (configured === null || configured.status === "ignored") return [];
  const what = configured.status === "added" ? "added as an admin token" : "an admin token of this data folder";
  return [`  admin token:   SWITCHBOARD_ADMIN_TOKEN (${what})`];
}

/** `--demo-data`: the example shop through the public API, with the token this start knows. */
async function seedForDemo(server: RunningServer): Promise<void> {
  const configured = process.env["SWITCHBOARD_ADMIN_TOKEN"];
  const token =
    server.createdAdminToken ??
    (server.configuredAdminToken && server.configuredAdminToken.status !== "ignored" ? configured : undefined);
  if (token === undefined) {
    process.stderr.write("warning: --demo-data needs an empty data folder or SWITCHBOARD_ADMIN_TOKEN; nothing added\n");
    return;
  }
  const { demoApi } = await import("../demo/live/demo-api.js");
  const { seedDemoData } = await import("../demo/live/seed.js");
  const base = server.url.replace("://0.0.0.0:", "://127.0.0.1:");
  try {
    const summary = await seedDemoData(demoApi(base, token), {
      log: (line) => process.stdout.write(`demo data: ${line}\n`),
    });
    process.stdout.write(
      summary.created
        ? `demo data: ready (${summary.historyEvents} events of history); open ${server.url}/\n`
        : "demo data: already there, nothing added\n",
    );
  } catch (error) {
    process.stderr.write(`warning: demo data not added: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function waitForShutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
