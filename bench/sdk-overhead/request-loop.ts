import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { USER_AGENTS } from "./sdk-scenario.js";

/** A request handler as the node:http middleware sees it. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** CPU time of the process per request, in µs (what other processes on the machine hardly change). */
export interface RoundCost {
  cpuUs: number;
  wallUs: number;
}

// A response without a socket: `close` comes on the next tick, as a real one's comes after the write.
class BenchResponse extends EventEmitter {
  statusCode = 200;
  writableFinished = false;
  end(_body?: string): this {
    this.writableFinished = true;
    process.nextTick(() => this.emit("close"));
    return this;
  }
}

const headerSets = Array.from({ length: 1_000 }, (_, n) => ({
  "x-switchboard-id": `user-${n}`,
  "user-agent": USER_AGENTS[n % USER_AGENTS.length] ?? "",
  "cf-ipcountry": n % 7 === 0 ? "JP" : "US",
}));

function requestOf(n: number): IncomingMessage {
  return {
    method: "GET",
    url: `/products/${n % 100}`,
    headers: headerSets[n % headerSets.length],
  } as unknown as IncomingMessage;
}

/** Runs `count` sequential requests through the handler in this process, then `settle`; the cost per request. */
export async function timeRound(handler: Handler, count: number, settle: () => Promise<void>): Promise<RoundCost> {
  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  for (let n = 0; n < count; n++) {
    await handler(requestOf(n), new BenchResponse() as unknown as ServerResponse);
    // Yield to I/O as a server would between requests, so batches are encoded and sent inside the timed window.
    if ((n & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  await settle();
  const cpu = process.cpuUsage(startCpu);
  return { cpuUs: (cpu.user + cpu.system) / count, wallUs: ((performance.now() - startMs) * 1000) / count };
}
