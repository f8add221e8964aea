import {
  BuiltinProxy,
  type DataPlaneView,
  DEFAULT_PROXY_OPTIONS,
  DEFAULT_WAIT_SECONDS,
  RoutingFollower,
  StatsReporter,
} from "@switchboard/proxy";
import { Command } from "commander";
import { usageError } from "../cli-error.js";
import { isProxyWorker, runProxyWorkers } from "./proxy-workers.js";

interface ProxyFlags {
  listen: string;
  service: string;
  environment: string;
  url: string;
  token?: string;
  pollMs: string;
  waitSeconds: string;
  reportMs: string;
  workers: string;
  connectTimeoutMs: string;
  headersTimeoutMs: string;
  idleTimeoutMs: string;
  healthIntervalMs: string;
}

/** `switchboard proxy`: the built-in data plane, following a service's routing state through the control API. */
export function proxyCommand(): Command {
  const d = DEFAULT_PROXY_OPTIONS;
  return new Command("proxy")
    .description("run the built-in proxy for one service; it follows switch, ramp and back through the server's API")
    .requiredOption("--service <name>", "the service to route, as NAME or ENVIRONMENT/NAME")
    .option("--listen <host:port>", "address to accept requests on", "127.0.0.1:8080")
    .option("--environment <env>", "environment of the service", "production")
    .option(
      "--url <url>",
      "the Switchboard server (SWITCHBOARD_URL)",
      process.env["SWITCHBOARD_URL"] ?? "http://localhost:4242",
    )
    .option("--token <token>", "an editor token (SWITCHBOARD_TOKEN)")
    .option(
      "--wait-seconds <s>",
      "how long the server holds each read of the routing state until a change (0: poll every --poll-ms)",
      String(DEFAULT_WAIT_SECONDS),
    )
    .option("--poll-ms <ms>", "pause between reads when the server does not hold them, and after a failed read", "100")
    .option("--workers <n>", "processes sharing the listening socket, each following the routing state", "1")
    .option("--report-ms <ms>", "how often figures per pool are sent to the server (0: never)", "1000")
    .option("--connect-timeout-ms <ms>", "backend connect timeout (504 after)", String(d.connectTimeoutMs))
    .option("--headers-timeout-ms <ms>", "backend response-headers timeout (504 after)", String(d.headersTimeoutMs))
    .option("--idle-timeout-ms <ms>", "longest silence inside a response body", String(d.idleTimeoutMs))
    .option("--health-interval-ms <ms>", "interval of the health checks of every backend", String(d.health.intervalMs))
    .addHelpText(
      "after",
      `
Examples:
  switchboard proxy --service web --listen 127.0.0.1:8080 --token "$SWITCHBOARD_TOKEN"
  switchboard proxy --service staging/web --url http://switchboard.internal:4242`,
    )
    .action(async (flags: ProxyFlags) => {
      const token = flags.token ?? process.env["SWITCHBOARD_TOKEN"];
      if (token === undefined || token === "") throw usageError("--token (or SWITCHBOARD_TOKEN) is required");
      const { host, port } = parseListen(flags.listen);
      const service = parseService(flags.service, flags.environment);
      const workers = Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw usageError("--workers must be 1 to 64");
      if (workers > 1 && !isProxyWorker()) {
        process.stdout.write(
          `proxy for ${service.environment}/${service.name}: ${workers} workers on ${flags.listen}\n`,
        );
        return runProxyWorkers(workers);
      }
      const proxy = new BuiltinProxy({
        connectTimeoutMs: positive(flags.connectTimeoutMs, "--connect-timeout-ms"),
        headersTimeoutMs: positive(flags.headersTimeoutMs, "--headers-timeout-ms"),
        idleTimeoutMs: positive(flags.idleTimeoutMs, "--idle-timeout-ms"),
        health: { ...d.health, intervalMs: positive(flags.healthIntervalMs, "--health-interval-ms") },
      });
      let lastError = "";
      const follower = new RoutingFollower({
        serverUrl: flags.url,
        token,
        service,
        pollMs: positive(flags.pollMs, "--poll-ms"),
        waitSeconds: waitSeconds(flags.waitSeconds),
        onChange: (view) => {
          proxy.apply(view.service, view.routing);
          lastError = "";
          process.stdout.write(`routing v${view.version}: ${describeRouting(view)}\n`);
        },
        onError: (error) => {
          if (error.message !== lastError) process.stderr.write(`keeping the last routing state: ${error.message}\n`);
          lastError = error.message;
        },
      });
      const reportMs = Number(flags.reportMs);
      if (!Number.isFinite(reportMs) || reportMs < 0) throw usageError("--report-ms must be 0 or a number of ms");
      let lastReportError = "";
      const reporter = new StatsReporter({
        serverUrl: flags.url,
        token,
        service,
        intervalMs: reportMs,
        figures: () => proxy.status().pools,
        onError: (error) => {
          if (error.message !== lastReportError) process.stderr.write(`figures not reported: ${error.message}\n`);
          lastReportError = error.message;
        },
      });
      await follower.start();
      await proxy.listen(port, host);
      if (reportMs > 0) reporter.start();
      process.stdout.write(`proxy for ${service.environment}/${service.name} listening on http://${flags.listen}\n`);
      await waitForShutdownSignal();
      follower.stop();
      reporter.stop();
      await proxy.close();
    });
}

function describeRouting({ routing }: DataPlaneView): string {
  const target = routing.target;
  const split =
    target.kind === "pool" ? `all to ${target.pool}` : target.weights.map((w) => `${w.pool} ${w.percent}%`).join(", ");
  return routing.sticky === null ? split : `${split}, sticky by ${routing.sticky.source} ${routing.sticky.name}`;
}

function parseListen(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(":");
  const port = Number(listen.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw usageError(`--listen must be host:port, e.g. 127.0.0.1:8080 (got ${listen})`);
  }
  return { host: listen.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port };
}

function parseService(value: string, environment: string): { name: string; environment: string } {
  const parts = value.split("/");
  if (parts.length === 1 && parts[0] !== "") return { name: value, environment };
  if (parts.length === 2 && parts[0] && parts[1]) return { environment: parts[0], name: parts[1] };
  throw usageError(`--service must be NAME or ENVIRONMENT/NAME (got ${value})`);
}

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw usageError(`${flag} must be a positive number of ms`);
  return number;
}

function waitSeconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 60) throw usageError("--wait-seconds must be 0 to 60");
  return number;
}

function waitForShutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      // A worker hears Ctrl-C from the terminal and SIGTERM from its primary: the second must not cut the first.
      if (isProxyWorker()) for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => {});
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
