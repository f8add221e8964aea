import type { DuckDBConnection } from "@duckdb/node-api";
import type { RetentionPolicy, RetentionResult } from "../store/event-store.js";
import { type DayCount, planRetention } from "../store/retention-plan.js";
import { duckDbParams } from "./duckdb-values.js";

const DAY_TABLES = ["events", "assignments", "event_messages", "exposures"] as const;

/** Deletes, in one transaction, the days the policy no longer keeps, from every event table. */
export async function applyDuckDbRetention(
  connection: DuckDBConnection,
  policy: RetentionPolicy,
): Promise<RetentionResult> {
  const counts = (
    await connection.runAndReadAll("SELECT environment, strftime(day, '%Y-%m-%d'), count(*) FROM events GROUP BY ALL")
  )
    .getRowsJS()
    .map(
      ([environment, day, events]): DayCount => ({
        environment: String(environment),
        day: String(day),
        events: Number(events),
      }),
    );
  const environments = (
    await connection.runAndReadAll(
      "SELECT environment FROM events UNION SELECT environment FROM exposures UNION SELECT environment FROM ingest_batches",
    )
  )
    .getRowsJS()
    .map((row) => String(row[0]));
  const result: RetentionResult = { deletedEvents: 0, deletedExposures: 0 };
  await connection.run("BEGIN TRANSACTION");
  try {
    for (const cut of planRetention(policy, environments, counts)) {
      for (const table of DAY_TABLES) {
        const deleted = await connection.run(
          `DELETE FROM ${table} WHERE environment = ? AND (day < CAST(? AS DATE) OR list_contains(CAST(? AS DATE[]), day))`,
          ...spread(duckDbParams([cut.environment, cut.beforeDay, cut.days])),
        );
        if (table === "events") result.deletedEvents += Number(deleted.rowsChanged);
        if (table === "exposures") result.deletedExposures += Number(deleted.rowsChanged);
      }
      await connection.run("DELETE FROM ingest_batches WHERE environment = ? AND received_at < CAST(? AS DATE)", [
        cut.environment,
        cut.beforeDay,
      ]);
    }
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
  return result;
}

function spread(
  bound: ReturnType<typeof duckDbParams>,
): [ReturnType<typeof duckDbParams>["values"], ReturnType<typeof duckDbParams>["types"]] {
  return [bound.values, bound.types];
}
