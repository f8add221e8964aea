import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Flag } from "@switchboard/core";
import Fastify, { type FastifyInstance } from "fastify";
import type { Authenticator } from "../../packages/server/src/auth/authenticator.js";
import type { Principal } from "../../packages/server/src/auth/principal.js";
import type { ServerConfig } from "../../packages/server/src/config/server-config.js";
import { AppError } from "../../packages/server/src/errors/app-error.js";
import { sdkRoutes } from "../../packages/server/src/sdk-serving/sdk-routes.js";
import { type ConfigStore, openConfigStore } from "../../packages/server/src/store/index.js";
import { systemClock } from "../../packages/server/src/time/clock.js";
import { benchFlagSet } from "./bench-flag-set.js";
import { BENCH_KEYS, type ServerReady } from "./bench-keys.js";
import { openFilesLimit, tellParent } from "./bench-process.js";

const principals = new Map<string, Principal>([
  [BENCH_KEYS.server, { tokenId: "s", kind: "server-sdk", name: "bench", role: null, environment: "production" }],
  [BENCH_KEYS.admin, { tokenId: "a", kind: "admin", name: "bench", role: "admin", environment: null }],
]);
const auth: Authenticator = {
  async authenticate(secret) {
    const principal = principals.get(secret);
    if (!principal) throw new AppError("UNAUTHENTICATED", "unknown key");
    return principal;
  },
};

async function seed(store: ConfigStore, flagCount: number): Promise<void> {
  const change = { actor: "bench", action: "seed" };
  await store.createDocument("environment", "production", {}, change);
  const { flags, segments } = benchFlagSet(flagCount);
  for (const [key, body] of Object.entries(segments)) await store.createDocument("segment", key, body, change);
  for (const [key, body] of Object.entries(flags)) await store.createDocument("flag", key, body, change);
}

/** The kill and enable activations, as the control API's `POST /flags/:key/environments/:env/{kill,enable}`. */
function registerActivations(app: FastifyInstance, store: ConfigStore): void {
  app.post<{ Params: { key: string; env: string; op: string } }>(
    "/api/v1/flags/:key/environments/:env/:op",
    async (request, reply) => {
      if (request.headers.authorization !== `Bearer ${BENCH_KEYS.admin}`) return reply.code(401).send();
      const { key, env, op } = request.params;
      const current = await store.getDocument<Flag>("flag", key);
      if (!current) return reply.code(404).send();
      const environments = { ...current.body.environments };
      environments[env] = { ...environments[env], enabled: op === "enable" };
      const written = await store.replaceDocument(
        "flag",
        key,
        current.version,
        { ...current.body, environments },
        {
          actor: "bench",
          action: `flag.${op}`,
          environment: env,
        },
      );
      return { key, version: written.document.version, seq: written.change.seq };
    },
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-bench-"));
  const store = await openConfigStore({ dataDir });
  await seed(store, Number(process.env["BENCH_FLAGS"] ?? 50));
  const config: ServerConfig = {
    host: "127.0.0.1",
    port: 0,
    dataDir,
    databaseUrl: null,
    adminToken: null,
    bodyLimitBytes: 1024 * 1024,
    reasonRequiredIn: [],
    initialEnvironments: ["production"],
    heartbeatSeconds: 25,
    shutdownGraceMs: 1000,
    streamRetryMs: 1000,
  };
  const app = Fastify({ logger: false });
  await app.register(sdkRoutes, { config, store, auth, clock: systemClock });
  registerActivations(app, store);
  await app.listen({ host: "127.0.0.1", port: 0, backlog: 4096 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on("SIGUSR2", () => gc?.());
  const stop = async (): Promise<void> => {
    await app.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  tellParent({
    port,
    fdLimit: openFilesLimit(),
    store: "PGlite (embedded PostgreSQL) in a temp dir",
  } satisfies ServerReady);
}

await main();
