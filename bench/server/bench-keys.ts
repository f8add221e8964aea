/** The keys the bench's load processes use against the bench server. */
export const BENCH_KEYS = { server: "sb_bench_server_production", admin: "sb_bench_admin" } as const;

/** What a bench server process prints once it listens. */
export interface ServerReady {
  port: number;
  fdLimit: number;
  store: string;
}
