import { join, relative } from "node:path";
import { Command } from "commander";
import { runDemo } from "../demo/run-demo.js";
import { examplesDir } from "../files/examples-dir.js";

/** `switchboard demo`: a short tour that evaluates the example flag set for a few users and explains why. */
export function demoCommand(): Command {
  return new Command("demo")
    .description("a short tour: evaluate the example flag set for a few users and explain each answer")
    .option("--env <environment>", "environment of the example flag set", "production")
    .addHelpText("after", "\nThe example files live in packages/cli/examples; copy them to start your own flag set.")
    .action(async (options: { env: string }) => {
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
