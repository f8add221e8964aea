import { connect, type Socket } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { monotonicMs, type SubscriberJob, type SubscriberMessage } from "./subscriber-protocol.js";

const PATCH = "event: patch";
const PAYLOAD = "event: payload";

const job = workerData as SubscriberJob;
const port = parentPort;
// Receipt time of the k-th patch on connection i: times[k][i].
const times: Float64Array[] = [];
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

function open(index: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(job.port, "127.0.0.1");
    socket.setNoDelay(true);
    let tail = "";
    let started = false;
    socket.setEncoding("latin1");
    socket.on("connect", () => {
      socket.write(
        `GET /api/v1/sdk/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${job.key}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    socket.on("data", (chunk: string) => {
      const now = monotonicMs();
      const text = tail + chunk;
      if (!started && text.includes(PAYLOAD)) {
        started = true;
        resolve(true);
      }
      let at = text.indexOf(PATCH);
      while (at >= 0) {
        const write = (patches[index] ?? 0) + 1;
        patches[index] = write;
        timesOf(write)[index] = now;
        at = text.indexOf(PATCH, at + PATCH.length);
      }
      tail = text.slice(-PATCH.length);
      if (expectedWrite > 0) report();
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => resolve(false));
    sockets[index] = socket;
  });
}

let pendingReport = false;
function report(): void {
  if (pendingReport) return;
  pendingReport = true;
  setImmediate(() => {
    pendingReport = false;
    const row = times[expectedWrite];
    if (!row || row.some(Number.isNaN)) return;
    port?.postMessage({ type: "received", write: expectedWrite, times: row, missing: 0 } satisfies SubscriberMessage);
    expectedWrite = 0;
  });
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
      report();
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
