#!/usr/bin/env node
// Committed entry point, so that `npm ci` can link the command before the build has produced dist/.
// Each running DuckDB query holds one libuv thread (4 by default), so the event store's read connections, its writer
// and file I/O need more; the size is read once, at the pool's first use, hence before anything else loads.
process.env.UV_THREADPOOL_SIZE ??= "16";
await import("../dist/main.js");
