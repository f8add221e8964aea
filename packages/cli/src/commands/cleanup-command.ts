import { resolve } from "node:path";
import type { DebtBoard, FlagDocument } from "@switchboard/core";
import { resolveVariations } from "@switchboard/core";
import { Command } from "commander";
import { type Connection, callApi } from "../api/call-api.js";
import { usageError } from "../cli-error.js";
import { loadScanConfig } from "../scan/scan-config.js";

type Options = Connection & { root?: string; keep?: string; value?: string; write?: boolean; json?: boolean };

const WORDING = {
  tokenHint:
    "give --keep on|off (or --value), or --token / SWITCHBOARD_TOKEN to ask the server for the flag's final value",
  bodyPath: "(body)",
  failed: "request failed",
};

/** `switchboard cleanup <flag>`: the code rewritten as if the flag always served its final value. */
export function cleanupCommand(): Command {
  return new Command("cleanup")
    .description("rewrite TypeScript/JavaScript as if a flag always served its final value; print a diff or --write")
    .argument("<flag>", "the flag key")
    .argument("[paths...]", "folders or files under the root (default: all of it)")
    .option("--keep <on|off>", "the value a boolean flag keeps (default: what the server says it serves everywhere)")
    .option("--value <json>", "the value a non-boolean flag keeps, as JSON (e.g. '\"Pay now\"' or 20)")
    .option("--write", "write the files instead of printing the diff")
    .option("--root <dir>", "the repository root", ".")
    .option("--json", "print the patches and the calls left as JSON")
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "a viewer token (default SWITCHBOARD_TOKEN)")
    .addHelpText(
      "after",
      `
if/else keep the taken branch, ternaries their taken side, && / || chains and negations simplify, early returns
fold, variables holding the flag's answer and imports left unused go. Untouched code keeps its formatting.

Examples:
  switchboard cleanup new-checkout --keep on
  switchboard cleanup new-checkout --keep on --write && npx tsc --noEmit
  switchboard cleanup checkout-copy --value '"Pay now"' src

Exit codes: 0 ok (also when nothing references the flag), 1 the server refused, 2 usage error.`,
    )
    .action(async (flag: string, paths: string[], options: Options) => {
      const root = resolve(options.root ?? ".");
      const value = await keptValue(flag, options);
      // The parser loads only when a cleanup runs, not for every command.
      const { cleanupRepository, writeCleanup } = await import("../cleanup/cleanup-repository.js");
      const result = cleanupRepository({ root, paths, config: await loadScanConfig(root), flag, value });
      if (options.write === true) writeCleanup(root, result);
      if (options.json === true) {
        const files = result.files.map(({ file, patch }) => ({ file, patch }));
        process.stdout.write(
          `${JSON.stringify({ flag, value, written: options.write === true, files, left: result.left })}\n`,
        );
        return;
      }
      if (options.write !== true) process.stdout.write(result.files.map((f) => f.patch).join(""));
      const verb = options.write === true ? "rewrote" : "would rewrite";
      process.stderr.write(`${verb} ${result.files.length} file(s) keeping ${flag} = ${JSON.stringify(value)}\n`);
      for (const l of result.left) process.stderr.write(`  left for you: ${l.file}:${l.line} ${l.text}\n`);
    });
}

async function keptValue(flag: string, options: Options): Promise<unknown> {
  if (options.keep !== undefined && options.value !== undefined) throw usageError("give --keep or --value, not both");
  if (options.keep !== undefined) {
    if (options.keep !== "on" && options.keep !== "off")
      throw usageError(`--keep must be on or off, not "${options.keep}"`);
    return options.keep === "on";
  }
  if (options.value !== undefined) {
    try {
      return JSON.parse(options.value) as unknown;
    } catch {
      throw usageError(`--value must be JSON (a string needs quotes: '"${options.value}"')`);
    }
  }
  const board = await callApi(options, WORDING, (api) =>
    api.request<DebtBoard>("GET", `/debt?flag=${encodeURIComponent(flag)}`),
  );
  const finding = board.candidates[0]?.findings.find((f) => f.reason === "one-variation");
  if (finding?.variation === undefined) {
    throw usageError(
      `${flag} does not serve one variation everywhere for ${board.days} days yet; give --keep on|off or --value`,
    );
  }
  const doc = await callApi(options, WORDING, (api) =>
    api.request<FlagDocument>("GET", `/flags/${encodeURIComponent(flag)}`),
  );
  return resolveVariations(doc.body).find((v) => v.key === finding.variation)?.value;
}
