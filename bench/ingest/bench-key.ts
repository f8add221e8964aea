/** The SDK key the ingest load process sends and the bench server accepts. */
export const BENCH_INGEST_KEY = "sb_server_bench_ingest";
