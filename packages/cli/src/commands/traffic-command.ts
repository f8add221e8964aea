import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Command } from "commander";
import { type ApiOptions, callTrafficApi, parseSteps, parseWeights } from "./traffic-client.js";
import { poolStatusLine } from "./traffic-status-text.js";

type Options = ApiOptions & { json?: boolean };

function withApiOptions(command: Command): Command {
  return command
    .requiredOption("--service <name>", "the service")
    .option("--env <environment>", "environment of the service", "production")
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "an editor token (default SWITCHBOARD_TOKEN)")
    .option("--reason <text>", "why (required by some environments)")
    .option("--json", "print the API answer as JSON");
}

function print(options: Options, answer: Record<string, unknown>, line: string): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(answer)}\n` : `${line}\n`);
}

function splitText(answer: Record<string, unknown>): string {
  const split = (answer["split"] ?? {}) as Record<string, number>;
  return Object.entries(split)
    .map(([pool, percent]) => `${pool} ${percent}%`)
    .join(", ");
}

function operation(
  name: string,
  description: string,
  build: (c: Command) => Command,
  run: (o: Options & Record<string, string>) => Promise<Record<string, unknown>>,
): Command {
  return build(withApiOptions(new Command(name).description(description))).action(
    async (options: Options & Record<string, string>) => {
      const answer = await run(options);
      print(
        options,
        answer,
        `${options.service} in ${options.env}: ${splitText(answer)} (version ${String(answer["version"])})`,
      );
    },
  );
}

function statusCommand(): Command {
  return withApiOptions(
    new Command("status").description("pools, health, current split and live request rates"),
  ).action(async (options: Options) => {
    const status = await callTrafficApi(options, "GET", "/status");
    const pools = (status["pools"] ?? []) as Record<string, unknown>[];
    const rows = pools.map(poolStatusLine);
    print(options, status, [`${options.service} in ${options.env}: ${splitText(status)}`, ...rows].join("\n"));
  });
}

function haproxyConfigCommand(): Command {
  return withApiOptions(new Command("haproxy-config").description("generate a starting haproxy.cfg for the service"))
    .option("--bind <host:port>", "where HAProxy listens", "0.0.0.0:80")
    .option("--runtime-api <address>", "stats socket: a unix socket path or 127.0.0.1:PORT")
    .option("--map-dir <dir>", "absolute directory of the map and Lua files")
    .option("--out <dir>", "write haproxy.cfg here and the map and Lua files to --map-dir (else print the config)")
    .action(async (options: Options & { bind: string; runtimeApi?: string; mapDir?: string; out?: string }) => {
      const query = new URLSearchParams({ bind: options.bind });
      if (options.runtimeApi !== undefined) query.set("runtimeApi", options.runtimeApi);
      if (options.mapDir !== undefined) query.set("mapDir", options.mapDir);
      const answer = await callTrafficApi(options, "GET", `/haproxy-config?${query}`);
      const files = (answer["files"] ?? []) as { path: string; content: string }[];
      if (options.out === undefined) return print(options, answer, String(answer["config"]));
      await mkdir(options.out, { recursive: true });
      await writeFile(join(options.out, "haproxy.cfg"), String(answer["config"]));
      for (const file of files) {
        await mkdir(join(file.path, ".."), { recursive: true });
        await writeFile(file.path, file.content);
      }
      print(options, answer, `wrote ${join(options.out, "haproxy.cfg")} and ${files.map((f) => f.path).join(", ")}`);
    });
}

/** `switchboard traffic`: move requests between the pools of a service through the control API. */
export function trafficCommand(): Command {
  const traffic = new Command("traffic")
    .description("switch, ramp, roll back and drain pools of a service (the deployment back button)")
    .addCommand(statusCommand())
    .addCommand(
      operation(
        "switch",
        "send every request to one pool",
        (c) => c.requiredOption("--pool <pool>", "the pool"),
        (o) => callTrafficApi(o, "POST", "/switch", { pool: o["pool"] }),
      ),
    )
    .addCommand(
      operation(
        "ramp",
        "set split weights, or run a ramp plan towards a pool",
        (c) =>
          c
            .option("--weights <pool=percent,...>", "e.g. a=90,b=10")
            .option("--to <pool>", "ramp plan: the pool to ramp to")
            .option("--steps <percent@pause,...>", "ramp plan steps, e.g. 1@60,5@300,25@600,100")
            .option("--max-error-rate <ratio>", "guard: go back when the new pool's 5xx share exceeds this (0..1)")
            .option("--max-latency-ms <ms>", "guard: go back when the new pool's mean latency exceeds this"),
        (o) => callTrafficApi(o, "POST", "/ramp", rampBody(o)),
      ),
    )
    .addCommand(
      operation(
        "back",
        "return to the previous routing state (the back button)",
        (c) => c,
        (o) => callTrafficApi(o, "POST", "/back", {}),
      ),
    )
    .addCommand(
      operation(
        "drain",
        "stop new requests to a pool that gets no traffic",
        (c) => c.requiredOption("--pool <pool>", "the pool"),
        (o) => callTrafficApi(o, "POST", "/drain", { pool: o["pool"] }),
      ),
    )
    .addCommand(haproxyConfigCommand())
    .addHelpText(
      "after",
      `
Examples:
  export SWITCHBOARD_URL=http://localhost:4242 SWITCHBOARD_TOKEN=sb_...
  switchboard traffic status --service web
  switchboard traffic switch --service web --pool b --reason "release 64fd32f"
  switchboard traffic ramp --service web --weights a=90,b=10
  switchboard traffic ramp --service web --to b --steps 1@60,5@300,25@600,100 --max-error-rate 0.02
  switchboard traffic back --service web
  switchboard traffic drain --service web --pool a
  switchboard traffic haproxy-config --service web --bind 0.0.0.0:80 --runtime-api 127.0.0.1:9999 \\
    --map-dir /etc/haproxy/switchboard --out /etc/haproxy

Exit codes: 0 ok, 1 refused by the server (the message names the field), 2 usage error.`,
    );
  for (const command of traffic.commands) command.exitOverride();
  return traffic;
}

function rampBody(o: Record<string, string>): Record<string, unknown> {
  if (o["weights"] !== undefined) return { weights: parseWeights(o["weights"]) };
  const guard = {
    ...(o["maxErrorRate"] === undefined ? {} : { maxErrorRate: Number(o["maxErrorRate"]) }),
    ...(o["maxLatencyMs"] === undefined ? {} : { maxLatencyMs: Number(o["maxLatencyMs"]) }),
  };
  const plan = {
    pool: o["to"],
    steps: parseSteps(o["steps"] ?? "100"),
    ...(Object.keys(guard).length > 0 ? { guard } : {}),
  };
  return { plan };
}
