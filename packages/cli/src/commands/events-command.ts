import { Command } from "commander";
import { runEventsQuery } from "../events/run-events-query.js";
import { eventsExportCommand } from "./events-export-command.js";
import { eventsImportCommand } from "./events-import-command.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `switchboard events …`: questions over stored raw events, and their export and import. */
export function eventsCommand(): Command {
  const events = new Command("events").description("query stored raw events; move them between event stores");
  events.addCommand(queryCommand());
  events.addCommand(eventsExportCommand());
  events.addCommand(eventsImportCommand());
  for (const command of events.commands) command.exitOverride();
  return events;
}

function queryCommand(): Command {
  return new Command("query")
    .description("run a query (docs/queries.md) against a server: a JSON file, stdin (-), --query or shorthand flags")
    .argument("[file]", "a JSON query file, or - for stdin")
    .option("--url <url>", "server URL (default SWITCHBOARD_URL or http://localhost:4242)")
    .option("--token <token>", "a viewer token or better (default SWITCHBOARD_TOKEN)")
    .option("-q, --query <json>", "the JSON query inline")
    .option("--exposures", "query exposure records (fields: flag, variation, unit, ruleId, inExperiment…), not events")
    .option(
      "--where <filter>",
      "add a filter: f=v, f!=v, f>n, f>=n, f<n, f<=n, f=~regex, f*=text, f? (exists), !f?",
      collect,
    )
    .option("--group-by <fields>", "comma-separated fields, e.g. assignments.exp-13,fields.http.route")
    .option("--agg <list>", "aggregates: count,p95:durationMs,avg:durationMs,ratio:spans.sql.ms/spans.sql.count,rate")
    .option("--last <duration>", "time range ending now: 30m, 24h, 7d")
    .option("--from <iso>", "time range start (inclusive)")
    .option("--to <iso>", "time range end (exclusive)")
    .option("--env <environment>", "only this environment")
    .option("--release <sha>", "only this release")
    .option("--bucket <duration>", "a time series with this bucket width: 1m, 1h")
    .option("--order-by <columns>", "result columns, each optionally :desc")
    .option("--limit <n>", "most rows (events: page size)")
    .option("--fields <fields>", "events: extra fields to show")
    .option("--cursor <cursor>", "events: the next page (printed under the previous one)")
    .option("--explain", "also print the SQL and its parameters")
    .option("--json", "print the answer as one JSON object (columns, rows, nextCursor, sql, params)")
    .addHelpText(
      "after",
      `
Without a file or --query, --agg makes an aggregate and its absence lists raw events (newest first).
Values that look like numbers are sent as numbers.

Examples:
  switchboard events query --last 24h --where 'assignments.exp-13=B' --group-by fields.http.route \\
      --agg count,p95:durationMs
  switchboard events query --last 24h --group-by assignments.exp-13 \\
      --agg count,avg:durationMs,p95:durationMs,ratio:spans.sql.ms/spans.sql.count
  switchboard events query --last 1h --bucket 1m --agg count,p99:durationMs --env production
  switchboard events query --last 1h --where 'status>=500' --where 'message*=timeout' --limit 20
  switchboard events query --exposures --last 24h --where flag=new-checkout --group-by variation \\
      --agg count,count_distinct:unit
  switchboard events query bubbleup.json --json
  echo '{"kind":"new-messages","last":"7d","sinceRelease":"64fd32f"}' | switchboard events query -

Exit codes: 0 ok, 1 invalid query (each problem with its path) or server error, 2 usage error.`,
    )
    .action(async (file: string | undefined, options: Record<string, unknown>) => {
      await runEventsQuery(file, options, {
        stdout: process.stdout,
        stderr: process.stderr,
        readStdin: async () => {
          let text = "";
          for await (const chunk of process.stdin) text += String(chunk);
          return text;
        },
      });
    });
}
