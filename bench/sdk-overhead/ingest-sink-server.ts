import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A local ingest endpoint that drains every batch and answers 202, counting requests and bytes. */
export interface BenchSink {
  url: string;
  requests: number;
  bytes: number;
  /** Of those, OTLP trace exports (`/v1/traces`), from the OpenTelemetry peer. */
  otlpRequests: number;
  otlpBytes: number;
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 on an ephemeral port. */
export async function startBenchSink(): Promise<BenchSink> {
  const server: Server = createServer((req, res) => {
    sink.requests++;
    const otlp = req.url?.startsWith("/v1/traces") === true;
    if (otlp) sink.otlpRequests++;
    req.on("data", (chunk: Buffer) => {
      sink.bytes += chunk.length;
      if (otlp) sink.otlpBytes += chunk.length;
    });
    req.on("end", () => res.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const sink: BenchSink = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: 0,
    bytes: 0,
    otlpRequests: 0,
    otlpBytes: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sink;
}
