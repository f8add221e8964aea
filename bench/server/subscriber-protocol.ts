/** The first writes after the connection storm pay for JIT and collecting its garbage; they are not counted. */
export const WARM_UP_WRITES = 2;

/** What the load process asks of one subscriber thread. */
export interface SubscriberJob {
  port: number;
  /** Several servers (a cluster): connection i goes to `ports[i % ports.length]`; `port` when absent. */
  ports?: number[];
  key: string;
  count: number;
  /** Connections opened at once while connecting. */
  concurrency: number;
}

/** Messages a subscriber thread posts back. */
export type SubscriberMessage =
  | { type: "connected"; connections: number; failed: number }
  | { type: "received"; write: number; times: Float64Array; missing: number };

/** Milliseconds on the machine-wide monotonic clock, comparable across threads and processes. */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
