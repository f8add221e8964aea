import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import type { IngestItem } from "@switchboard/core";

/** One request the sink received, decoded. */
export interface ReceivedBatch {
  headers: IncomingHttpHeaders;
  path: string;
  items: IngestItem[];
  /** Milliseconds since the sink started. */
  atMs: number;
}

/** What the sink answers one request with. */
export interface SinkAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A real ingest endpoint on 127.0.0.1 that records every batch (gunzipped, NDJSON or JSON array parsed). */
export interface IngestSink {
  url: string;
  /** Every request, answered or not. */
  received: ReceivedBatch[];
  /** Items of the requests answered 2xx, in order. */
  accepted(): IngestItem[];
  /** Answers the nth request (0-based) with what this returns; default 202. */
  answer: (index: number, batch: ReceivedBatch) => SinkAnswer;
  /** Resolves once at least `count` requests arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts an ingest sink on an ephemeral port. */
export async function startIngestSink(): Promise<IngestSink> {
  const startMs = performance.now();
  const acceptedItems: IngestItem[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const text = (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
      const batch: ReceivedBatch = {
        headers: req.headers,
        path: req.url ?? "",
        items: parseItems(text),
        atMs: performance.now() - startMs,
      };
      const index = sink.received.length;
      sink.received.push(batch);
      const answer = sink.answer(index, batch);
      if (answer.status >= 200 && answer.status < 300) acceptedItems.push(...batch.items);
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? "");
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const sink: IngestSink = {
    url: `http://127.0.0.1:${port}`,
    received: [],
    accepted: () => acceptedItems,
    answer: () => ({ status: 202 }),
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (sink.received.length < count) {
        if (Date.now() > deadline) throw new Error(`sink got ${sink.received.length} of ${count} requests`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sink;
}

function parseItems(text: string): IngestItem[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) return JSON.parse(trimmed) as IngestItem[];
  return trimmed === "" ? [] : trimmed.split("\n").map((line) => JSON.parse(line) as IngestItem);
}
