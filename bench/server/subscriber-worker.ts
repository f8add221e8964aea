import { connect, type Socket } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { monotonicMs, type SubscriberJob, type SubscriberMessage } from "./subscriber-protocol.js";

const PATCH = Buffer.from("event: patch");
const PAYLOAD = Buffer.from("event: payload");
// The longest marker minus one: what a chunk boundary can cut off the front of a marker.
const SEAM = PAYLOAD.length - 1;

const job = workerData as SubscriberJob;
const port = parentPort;
// Receipt time of the k-th patch on connection i: times[k][i]; arrivals[k]: how many connections have it.
const times: Float64Array[] = [];
const arrivals: number[] = [];
const patches = new Int32Array(job.count);
const sockets: Socket[] = [];
let expectedWrite = 0;

function timesOf(write: number): Float64Array {
  let row = times[write];
  if (!row) {
    row = new Float64Array(job.count).fill(Number.NaN);
    times[write] = row;
  }
  return row;
}

/** Occurrences of `marker` in `chunk`, and one more when it straddles `tail` (the previous chunk's end) and `chunk`. */
function count(marker: Buffer, tail: Buffer, chunk: Buffer): number {
  let found = 0;
  if (tail.length > 0) {
    const seam = Buffer.concat([tail, chunk.subarray(0, marker.length - 1)]);
    // Only a match that starts in `tail` and ends in `chunk`: whole ones in either were or will be counted alone.
    if (seam.indexOf(marker, Math.max(0, tail.length - marker.length + 1)) >= 0) found++;
  }
  for (let at = chunk.indexOf(marker); at >= 0; at = chunk.indexOf(marker, at + marker.length)) found++;
  return found;
}

function open(index: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(job.ports?.[index % job.ports.length] ?? job.port, "127.0.0.1");
    socket.setNoDelay(true);
    let tail = Buffer.alloc(0);
    let started = false;
    socket.on("connect", () => {
      socket.write(
        `GET /api/v1/sdk/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${job.key}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    // Bytes, not text: decoding every chunk of 10,000 streams cost the measuring side CPU the server then lacked.
    socket.on("data", (chunk: Buffer) => {
      const now = monotonicMs();
      if (!started && count(PAYLOAD, tail, chunk) > 0) {
        started = true;
        resolve(true);
      }
      for (let found = count(PATCH, tail, chunk); found > 0; found--) arrived(index, now);
      tail = Buffer.from(
        chunk.length >= SEAM ? chunk.subarray(chunk.length - SEAM) : Buffer.concat([tail, chunk]).subarray(-SEAM),
      );
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => resolve(false));
    sockets[index] = socket;
  });
}

function arrived(index: number, at: number): void {
  const write = (patches[index] ?? 0) + 1;
  patches[index] = write;
  timesOf(write)[index] = at;
  arrivals[write] = (arrivals[write] ?? 0) + 1;
  if (write === expectedWrite) reportIfComplete();
}

// Counted, not scanned: checking every connection's time after each event-loop turn cost O(streams) per turn.
function reportIfComplete(): void {
  if (expectedWrite === 0 || (arrivals[expectedWrite] ?? 0) < job.count) return;
  const row = timesOf(expectedWrite);
  port?.postMessage({ type: "received", write: expectedWrite, times: row, missing: 0 } satisfies SubscriberMessage);
  expectedWrite = 0;
}

async function connectAll(): Promise<void> {
  let next = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    while (next < job.count) {
      const index = next++;
      if (!(await open(index))) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.count) }, lane));
  port?.postMessage({ type: "connected", connections: job.count - failed, failed } satisfies SubscriberMessage);
}

port?.on(
  "message",
  (message: { type: "expect"; write: number } | { type: "flush"; write: number } | { type: "close" }) => {
    if (message.type === "expect") {
      expectedWrite = message.write;
      reportIfComplete();
    } else if (message.type === "flush") {
      const row = timesOf(message.write);
      const missing = row.filter(Number.isNaN).length;
      port.postMessage({ type: "received", write: message.write, times: row, missing } satisfies SubscriberMessage);
      expectedWrite = 0;
    } else {
      for (const socket of sockets) socket?.destroy();
      process.exit(0);
    }
  },
);

void connectAll();
