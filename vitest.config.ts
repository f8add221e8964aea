import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));
const file = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, so a stale build can never hide a failure.
    alias: {
      // Before its package: an alias also matches the subpaths of its name.
      "@switchboard/core/api": file("core/src/api/index.ts"),
      "@switchboard/core": src("core"),
      // Before its package: an alias also matches the subpaths of its name.
      "@switchboard/events/duckdb": fileURLToPath(new URL("./packages/events/src/duckdb/index.ts", import.meta.url)),
      "@switchboard/events/clickhouse": fileURLToPath(
        new URL("./packages/events/src/clickhouse/index.ts", import.meta.url),
      ),
      "@switchboard/events": src("events"),
      "@switchboard/stats": src("stats"),
      "@switchboard/sqlcheck": src("sqlcheck"),
      // Before its package: an alias also matches the subpaths of its name.
      "@switchboard/sdk/events": file("sdk/src/events/index.ts"),
      "@switchboard/sdk/node": file("sdk/src/node/index.ts"),
      "@switchboard/sdk/middleware": file("sdk/src/node/middleware/index.ts"),
      "@switchboard/sdk": src("sdk"),
      // Before the package itself: an alias also matches the subpaths of its name.
      "@switchboard/proxy/testing": file("proxy/src/data-plane/testing/test-backend.ts"),
      "@switchboard/proxy": src("proxy"),
      "@switchboard/server": src("server"),
      "@switchboard/cli": src("cli"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
    testTimeout: 30_000,
    // Opening an embedded PostgreSQL (PGlite, WebAssembly) in a beforeAll takes seconds of CPU; on a busy machine more than
    // the default 10 s.
    hookTimeout: 60_000,
  },
});
