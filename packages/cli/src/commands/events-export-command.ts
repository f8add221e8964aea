import { Command } from "commander";
import { defaultStore, exportEvents } from "../events/transfer-events.js";

/** `switchboard events export`: every stored event and exposure of a store, as NDJSON. */
export function eventsExportCommand(): Command {
  return new Command("export")
    .description("write every stored event and exposure of an event store as NDJSON (progress on stderr)")
    .option(
      "--from <store>",
      "a DuckDB file or a ClickHouse URL (default SWITCHBOARD_EVENTS_URL, else <data dir>/events.duckdb)",
    )
    .option("--out <file>", "write to this file instead of stdout")
    .option("--env <environment>", "only this environment")
    .option("--json", "print the closing summary as JSON (on stderr, since stdout carries the items)")
    .addHelpText(
      "after",
      `
Each line is {"environment": "...", "item": {...}}: an event as it was received, or an exposure.
A DuckDB file is opened by one process at a time: stop the server that uses it (or export from a copy).

Examples:
  switchboard events export --from .switchboard/events.duckdb --out events.ndjson
  switchboard events export --from .switchboard/events.duckdb | \\
      switchboard events import --to clickhouse://default:secret@clickhouse:8123/switchboard

Exit codes: 0 ok, 1 the store could not be read, 2 usage error.`,
    )
    .action(async (options: { from?: string; out?: string; env?: string; json?: boolean }) => {
      await exportEvents(
        { ...options, from: options.from ?? defaultStore(process.env) },
        { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
      );
    });
}
