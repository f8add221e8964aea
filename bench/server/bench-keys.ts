/** The keys the bench's load processes use against the bench server. */
export const BENCH_KEYS = { server: "sb_bench_server_production", admin: "sb_bench_admin" } as const;

/** What a bench server process prints once it listens. */
export interface ServerReady {
  port: number;
  fdLimit: number;
  store: string;
}

/** What a bench server process prints when asked (SIGUSR2) for its memory, after a forced full collection. */
export interface ServerMemory {
  rssKb: number;
  /** V8 heap in use plus memory outside it held by JS objects (Buffers, the embedded database's wasm memory). */
  jsKb: number;
  /** CPU time (user + system) the process had used before these collections, and after them. */
  cpuBeforeMs: number;
  cpuAfterMs: number;
}
