// The server side of the end-to-end ingest bench: the real app over a DuckDB file in a temporary directory.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEventStore } from "../../packages/events/src/duckdb/duckdb-event-store.js";
import type { Authenticator } from "../../packages/server/src/auth/authenticator.js";
import { composeApp } from "../../packages/server/src/compose-features.js";
import { AppError } from "../../packages/server/src/kernel/app-error.js";
import { systemClock } from "../../packages/server/src/kernel/clock.js";
import { FakeConfigStore } from "../../packages/server/src/store/fake-config-store.js";
import { tellParent } from "../server/bench-process.js";
import { BENCH_INGEST_KEY } from "./bench-key.js";
import { benchServerConfig } from "./bench-server-config.js";

const auth: Authenticator = {
  async authenticate(secret) {
    if (secret !== BENCH_INGEST_KEY) throw new AppError("UNAUTHENTICATED", "Unknown key.");
    return { tokenId: "bench", kind: "server-sdk", name: "bench", role: null, environment: "production" };
  },
};

const dir = await mkdtemp(join(tmpdir(), "sb-bench-ingest-"));
const events = await DuckDbEventStore.open({ path: join(dir, "events.duckdb"), stagingDir: dir });
const app = composeApp({
  config: benchServerConfig(dir, ["production"]),
  store: new FakeConfigStore(),
  auth,
  clock: systemClock,
  events,
});
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
tellParent({ port: typeof address === "object" && address ? address.port : 0 });
process.once("SIGTERM", () => {
  void (async () => {
    await app.close();
    await events.close();
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  })();
});
