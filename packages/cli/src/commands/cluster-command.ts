import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { CliError, usageError } from "../cli-error.js";
import {
  CLUSTER_CONFIG_DEFAULTS,
  type ClusterServer,
  haproxyClusterConfig,
  parseClusterServer,
} from "../cluster/haproxy-cluster-config.js";

interface HaproxyConfigFlags {
  server: string[];
  bind: string;
  heartbeatSeconds: string;
  checkIntervalMs: string;
  maxconn: string;
  output?: string;
}

/** `switchboard cluster …`: running several servers as one. */
export function clusterCommand(): Command {
  return new Command("cluster")
    .description("run several servers as one: configuration for the load balancer in front of them")
    .addCommand(haproxyConfigCommand());
}

function haproxyConfigCommand(): Command {
  const d = CLUSTER_CONFIG_DEFAULTS;
  return new Command("haproxy-config")
    .description("print an HAProxy configuration for N `switchboard serve` processes on one PostgreSQL")
    .requiredOption("--server <host:port...>", "a server, as HOST:PORT or NAME=HOST:PORT (repeat, or list them)")
    .option("--bind <address>", "where HAProxy listens", d.bind)
    .option(
      "--heartbeat-seconds <s>",
      "the servers' SSE heartbeat (SWITCHBOARD_HEARTBEAT_SECONDS); idle timeouts outlast it",
      String(d.heartbeatSeconds),
    )
    .option("--check-interval-ms <ms>", "how often each server's /readyz is checked", String(d.checkIntervalMs))
    .option("--maxconn <n>", "connections HAProxy accepts in all (each SDK stream holds one)", String(d.maxConnections))
    .option("--output <file>", "write the configuration to this file instead of standard output")
    .addHelpText(
      "after",
      `
Examples:
  switchboard cluster haproxy-config --server 10.0.0.11:4242 10.0.0.12:4242 10.0.0.13:4242 > haproxy.cfg
  switchboard cluster haproxy-config --server a=app-a:4242 --server b=app-b:4242 --bind :80 --output haproxy.cfg

Check the result with \`haproxy -c -f haproxy.cfg\`. See docs/scale-out.md.
Exit codes: 0 ok, 1 the file could not be written, 2 usage error.`,
    )
    .action(async (flags: HaproxyConfigFlags) => {
      const config = haproxyClusterConfig({
        servers: parseServers(flags.server),
        bind: parseBind(flags.bind),
        heartbeatSeconds: positiveInteger(flags.heartbeatSeconds, "--heartbeat-seconds"),
        checkIntervalMs: positiveInteger(flags.checkIntervalMs, "--check-interval-ms"),
        maxConnections: positiveInteger(flags.maxconn, "--maxconn"),
      });
      if (flags.output === undefined) {
        process.stdout.write(config);
        return;
      }
      await writeFile(flags.output, config).catch((error: unknown) => {
        throw new CliError("FAILURE", `could not write ${flags.output}: ${(error as Error).message}`);
      });
      process.stderr.write(`wrote ${flags.output} (${flags.server.length} servers)\n`);
    });
}

function parseServers(texts: readonly string[]): ClusterServer[] {
  const servers: ClusterServer[] = [];
  const names = new Set<string>();
  for (const [index, text] of texts.flatMap((each) => each.split(",")).entries()) {
    const parsed = parseClusterServer(text.trim(), index);
    if (typeof parsed === "string") throw usageError(`--server: ${parsed}`);
    if (names.has(parsed.name)) throw usageError(`--server: two servers are named "${parsed.name}"`);
    names.add(parsed.name);
    servers.push(parsed);
  }
  return servers;
}

function parseBind(text: string): string {
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/.test(text)) {
    throw usageError(`--bind: "${text}" is not [HOST]:PORT (e.g. :4242 or 127.0.0.1:4242)`);
  }
  return text;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw usageError(`${flag}: "${text}" is not a positive whole number`);
  return value;
}
