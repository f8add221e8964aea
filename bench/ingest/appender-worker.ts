// The bare peer: an in-process loop appending the same wide events through one reused DuckDB data chunk per table.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BIGINT,
  DATE,
  DOUBLE,
  type DuckDBAppender,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
  TIMESTAMP,
  VARCHAR,
} from "@duckdb/node-api";
import type { WideEvent } from "@switchboard/core";
import { applyDuckDbMigrations } from "../../packages/events/src/duckdb/duckdb-migrate.js";
import { flattenFields } from "../../packages/events/src/store/flatten-fields.js";
import { serveOneRequest } from "../lib/child-runner.js";
import { createWideEvents } from "./wide-events.js";

/** What the parent asks for and what the worker answers. */
export interface AppenderRequest {
  events: number;
  batchSize: number;
}
export interface AppenderReply {
  rowsPerSecond: number;
  peakRssMb: number;
}

const S = VARCHAR;
const EVENT_TYPES: DuckDBType[] = [
  S,
  TIMESTAMP,
  DATE,
  S,
  S,
  S,
  S,
  DOUBLE,
  S,
  LIST(S),
  LIST(S),
  LIST(S),
  LIST(S),
  LIST(DOUBLE),
  LIST(S),
  LIST(DOUBLE),
  LIST(BIGINT),
  LIST(S),
  LIST(DOUBLE),
  INTEGER,
  S,
  S,
];
const ASSIGNMENT_TYPES: DuckDBType[] = [
  S,
  TIMESTAMP,
  DATE,
  S,
  S,
  S,
  S,
  S,
  S,
  S,
  DOUBLE,
  LIST(S),
  LIST(DOUBLE),
  LIST(BIGINT),
  LIST(S),
];
const MESSAGE_TYPES: DuckDBType[] = [S, TIMESTAMP, DATE, S, S, S, DOUBLE, S];
const CHUNK_ROWS = 2048;

class ChunkAppender {
  private readonly chunk: DuckDBDataChunk;
  private columns: DuckDBValue[][];

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly types: DuckDBType[],
  ) {
    this.chunk = DuckDBDataChunk.create(types, CHUNK_ROWS);
    this.columns = types.map(() => []);
  }

  add(row: DuckDBValue[]): void {
    row.forEach((value, index) => {
      this.columns[index]?.push(value);
    });
    if ((this.columns[0]?.length ?? 0) >= CHUNK_ROWS) this.flush();
  }

  flush(): void {
    if ((this.columns[0]?.length ?? 0) === 0) return;
    this.chunk.setColumns(this.columns);
    this.appender.appendDataChunk(this.chunk);
    this.appender.flushSync();
    this.columns = this.types.map(() => []);
  }
}

function appendEvent(event: WideEvent, tables: ChunkAppender[], batchId: string): void {
  const [events, assignments, messages] = tables as [ChunkAppender, ChunkAppender, ChunkAppender];
  const ms = Date.parse(event.ts);
  const ts = new DuckDBTimestampValue(BigInt(ms) * 1000n);
  const day = new DuckDBDateValue(Math.floor(ms / 86_400_000));
  const flat = flattenFields(event.fields);
  const flags = Object.keys(event.assignments ?? {});
  const variations = flags.map((flag) => event.assignments?.[flag] ?? "");
  const spans = Object.entries(event.spans ?? {});
  const counters = Object.entries(event.counters ?? {});
  const release = event.release ?? null;
  const spanNames = listValue(spans.map(([name]) => name));
  const spanMs = listValue(spans.map(([, span]) => span.ms));
  const spanCounts = listValue(spans.map(([, span]) => BigInt(span.count)));
  const status = event.status === undefined ? null : String(event.status);
  const messageTexts = listValue((event.messages ?? []).map((message) => message.text));
  events.add([
    event.id,
    ts,
    day,
    "production",
    event.name,
    event.unit ?? null,
    release,
    event.durationMs ?? null,
    status,
    listValue(flags),
    listValue(variations),
    listValue(flat.keys),
    listValue(flat.str),
    listValue(flat.num),
    spanNames,
    spanMs,
    spanCounts,
    listValue(counters.map(([name]) => name)),
    listValue(counters.map(([, value]) => value)),
    event.messages?.length ?? 0,
    batchId,
    JSON.stringify(event),
  ]);
  flags.forEach((flag, i) => {
    assignments.add([
      event.id,
      ts,
      day,
      "production",
      release,
      flag,
      variations[i] ?? "",
      event.name,
      event.unit ?? null,
      status,
      event.durationMs ?? null,
      spanNames,
      spanMs,
      spanCounts,
      messageTexts,
    ]);
  });
  for (const message of event.messages ?? []) {
    messages.add([event.id, ts, day, "production", release, event.name, message.atMs, message.text]);
  }
}

serveOneRequest<AppenderRequest, AppenderReply>(async ({ events: count, batchSize }) => {
  const dir = await mkdtemp(join(tmpdir(), "sb-bench-appender-"));
  const instance = await DuckDBInstance.create(join(dir, "events.duckdb"));
  const connection = await instance.connect();
  await applyDuckDbMigrations(connection);
  const events = createWideEvents(count, 7);
  const tables = [
    new ChunkAppender(await connection.createAppender("events"), EVENT_TYPES),
    new ChunkAppender(await connection.createAppender("assignments"), ASSIGNMENT_TYPES),
    new ChunkAppender(await connection.createAppender("event_messages"), MESSAGE_TYPES),
  ];
  const started = performance.now();
  for (let offset = 0; offset < count; offset += batchSize) {
    await connection.run("BEGIN TRANSACTION");
    const batchId = `batch-${offset}`;
    for (const event of events.slice(offset, offset + batchSize)) appendEvent(event, tables, batchId);
    for (const table of tables) table.flush();
    await connection.run(
      "INSERT INTO ingest_batches (environment, key_kind, batch_id, received_at, items) VALUES ('production', 'server-sdk', ?, now(), ?)",
      [batchId, batchSize],
    );
    await connection.run("COMMIT");
  }
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
  return { rowsPerSecond: count / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
});
