import { resolve } from "node:path";
import { Command } from "commander";
import { type Connection, callApi } from "../api/call-api.js";
import { usageError } from "../cli-error.js";
import { formatReferences } from "../scan/format-references.js";
import { gitInfo } from "../scan/git-info.js";
import { loadScanConfig } from "../scan/scan-config.js";

type Options = Connection & {
  root?: string;
  json?: boolean;
  keys?: string;
  upload?: boolean;
  repository?: string;
  branch?: string;
  commit?: string;
};

const WORDING = {
  tokenHint: "--upload needs --token or SWITCHBOARD_TOKEN (an editor)",
  bodyPath: "(body)",
  failed: "upload failed",
};

/** `switchboard scan [PATHS…]`: every use of every flag key, printed or uploaded. */
export function scanCommand(): Command {
  return new Command("scan")
    .description("find every use of every flag key in a repository (SDK calls, constants, enums, configured patterns)")
    .argument("[paths...]", "folders or files under the root to scan (default: all of it)")
    .option("--root <dir>", "the repository root: .gitignore and .switchboard/coderefs.yaml are read from here", ".")
    .option("--keys <list>", "comma-separated flag keys to look for in constants too (added to the configured ones)")
    .option("--json", "print the references as JSON")
    .option("--upload", "send the references to the server (POST /api/v1/code-references)")
    .option("--repository <name>", "repository name for --upload (default from CI variables or the git remote)")
    .option("--branch <name>", "branch for --upload (default from CI variables or git)")
    .option("--commit <sha>", "commit for --upload (default from CI variables or git)")
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "an editor token for --upload (default SWITCHBOARD_TOKEN)")
    .addHelpText(
      "after",
      `
TypeScript and JavaScript are parsed (the TypeScript compiler's parser); other languages are matched by the
patterns in .switchboard/coderefs.yaml (Python and Go built in). Comments are never references.

Examples:
  switchboard scan
  switchboard scan src --json
  switchboard scan --upload --repository github.com/acme/shop --branch main

Exit codes: 0 ok, 1 invalid configuration or the upload was refused, 2 usage error.`,
    )
    .action(async (paths: string[], options: Options) => {
      const root = resolve(options.root ?? ".");
      const config = await loadScanConfig(root);
      const knownKeys = (options.keys ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter((k) => k !== "");
      // The parser (TypeScript, some 9 MB of JavaScript) loads only when a scan runs, not for every command.
      const { scanRepository } = await import("../scan/scan-repository.js");
      const started = performance.now();
      const result = scanRepository({ root, paths, config, knownKeys });
      const seconds = (performance.now() - started) / 1000;
      const summary = `${result.filesScanned} files in ${seconds.toFixed(2)} s`;
      if (options.upload === true) {
        const git = gitInfo(root);
        const upload = {
          repository: options.repository ?? git.repository,
          branch: options.branch ?? git.branch,
          commit: options.commit ?? git.commit,
          ...(config.urlTemplate === undefined ? {} : { urlTemplate: config.urlTemplate }),
          references: result.references,
        };
        for (const field of ["repository", "branch", "commit"] as const) {
          if (upload[field] === undefined)
            throw usageError(`--upload needs --${field} (not found in CI variables or git)`);
        }
        await callApi(options, WORDING, (api) => api.request("POST", "/code-references", { body: upload }));
        process.stderr.write(
          `uploaded ${result.references.length} references of ${upload.repository}@${upload.branch} (${upload.commit})\n`,
        );
      }
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify({ references: result.references, filesScanned: result.filesScanned })}\n`
          : `${formatReferences(result.references, summary)}\n`,
      );
    });
}
