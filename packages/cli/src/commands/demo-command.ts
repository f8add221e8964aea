import { join, relative } from "node:path";
import { Command } from "commander";
import { usageError } from "../cli-error.js";
import { runDemo } from "../demo/run-demo.js";
import { examplesDir } from "../files/examples-dir.js";

interface DemoFlags {
  env: string;
  live?: boolean;
  speed: string;
  port: string;
  url?: string;
  token?: string;
  exit?: boolean;
}

/**
 * `switchboard demo`: a short tour that evaluates the example flag set for a few users and explains why; with
 * `--live`, the whole story on a running server and a simulated shop.
 */
export function demoCommand(): Command {
  return new Command("demo")
    .description("a short tour: evaluate the example flag set for a few users and explain each answer")
    .option("--env <environment>", "environment of the example flag set", "production")
    .option("--live", "run the whole story: a server, a shop on the SDK, an incident caught and undone")
    .option(
      "--speed <n>",
      "with --live: divide the pauses between the rollout steps by n (not the monitor's minutes)",
      "1",
    )
    .option("--port <port>", "with --live: port of the demo server (0: any free port)", "4243")
    .option("--url <url>", "with --live: use this server instead of starting one (needs --token)")
    .option("--token <token>", "with --live and --url: an admin token (SWITCHBOARD_TOKEN)")
    .option("--exit", "with --live: stop when the story is over instead of keeping the dashboard up")
    .addHelpText(
      "after",
      `
The example files live in packages/cli/examples; copy them to start your own flag set.

--live starts a server on a temporary data folder (removed again on exit) with a simulated shop on the real SDK,
then plays the story, printing each API call with the dashboard page that shows it. Ctrl-C stops everything.

What --speed speeds: only the 6-second pauses between the rollout steps (dark release, serve-me, 5%, 25%).
What it does not: the shop's guests visit in real time, and the monitor reads whole minutes of real time, so
waiting for a minute to start, the incident's detection, the kill and the recovery take about three minutes at
any speed; the whole story takes about four.

Examples:
  switchboard demo
  switchboard demo --live
  switchboard demo --live --speed 4 --port 0 --exit`,
    )
    .action(async (options: DemoFlags) => {
      if (options.live) return live(options);
      const dir = examplesDir();
      const shown = (name: string) => relative(process.cwd(), join(dir, name)) || name;
      await runDemo({
        flags: join(dir, "flags.yaml"),
        contexts: join(dir, "users.ndjson"),
        env: options.env,
        shownFlags: shown("flags.yaml"),
        shownContexts: shown("users.ndjson"),
        out: process.stdout,
      });
    });
}

async function live(options: DemoFlags): Promise<void> {
  const speed = Number(options.speed);
  if (!Number.isFinite(speed) || speed <= 0) throw usageError("--speed must be a positive number");
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw usageError("--port must be 0 to 65535");
  const token = options.token ?? process.env["SWITCHBOARD_TOKEN"];
  if (options.url !== undefined && !token) throw usageError("--url needs --token (or SWITCHBOARD_TOKEN)");
  const { runLiveDemo } = await import("../demo/live/run-live-demo.js");
  await runLiveDemo({
    speed,
    port,
    ...(options.url === undefined ? {} : { url: options.url, token: token ?? "" }),
    stay: !options.exit,
    write: (text) => process.stdout.write(text),
  });
}
