import { Command } from "commander";
import { defaultStore, importEvents } from "../events/transfer-events.js";

/** `switchboard events import`: NDJSON from `switchboard events export` into any event store. */
export function eventsImportCommand(): Command {
  return new Command("import")
    .description("append the NDJSON of `switchboard events export` to an event store (progress on stderr)")
    .argument("[file]", "the NDJSON file, or - for stdin (default)")
    .option(
      "--to <store>",
      "a ClickHouse URL or a DuckDB file (default SWITCHBOARD_EVENTS_URL, else <data dir>/events.duckdb)",
    )
    .option("--batch-size <n>", "items per stored batch (default 5000)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      `
Items are checked as ingest checks them (except the window of accepted times: history is as old as it is).
Batch ids are derived from their items, so importing the same file again stores nothing twice; an import that
stopped half-way can simply be run again.

Examples:
  switchboard events import events.ndjson --to clickhouse://default:secret@clickhouse:8123/switchboard
  switchboard events export --from old.duckdb | switchboard events import --to new.duckdb

Exit codes: 0 ok, 1 an invalid line (named, with every problem) or the store failed, 2 usage error.`,
    )
    .action(async (file: string | undefined, options: { to?: string; batchSize?: string; json?: boolean }) => {
      await importEvents(
        file,
        { ...options, to: options.to ?? defaultStore(process.env) },
        { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
      );
    });
}
