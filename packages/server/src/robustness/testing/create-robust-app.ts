import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbEventStore } from "@switchboard/events/duckdb";
import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { TokenAuthenticator } from "../../auth/token-authenticator.js";
import { composeApp } from "../../compose-features.js";
import { serverDocumentKinds } from "../../control-plane/document-kinds.js";
import { ensureEnvironments } from "../../control-plane/environments/ensure-environments.js";
import { issueToken } from "../../control-plane/tokens/token-service.js";
import { TEST_CONFIG } from "../../http/testing/create-test-app.js";
import { systemClock } from "../../kernel/clock.js";
import type { Role, TokenKind } from "../../store/config-store.js";
import { openConfigStore } from "../../store/open-config-store.js";
import type { SqlConfigStore } from "../../store/sql-config-store.js";

/** Who a request is sent as: a token of each kind and role, an unknown token, or none. */
export type Caller =
  | "admin"
  | "editor"
  | "viewer"
  | "support"
  | "serverSdk"
  | "clientSdk"
  | "devServerSdk"
  | "badToken"
  | "none";

/** The real app over real stores (PGlite and DuckDB files in a temp data directory), for in-process suites. */
export interface RobustApp {
  app: FastifyInstance;
  store: SqlConfigStore;
  events: DuckDbEventStore;
  /** Messages of the errors the server logged, newest last: the cause behind a 500. */
  errorLog: string[];
  call(who: Caller, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const PRINCIPALS: readonly { who: Caller; kind: TokenKind; role: Role | null; environment: string | null }[] = [
  { who: "admin", kind: "admin", role: "admin", environment: null },
  { who: "editor", kind: "personal", role: "editor", environment: null },
  { who: "viewer", kind: "personal", role: "viewer", environment: null },
  { who: "support", kind: "personal", role: "support", environment: null },
  { who: "serverSdk", kind: "server-sdk", role: null, environment: "production" },
  { who: "clientSdk", kind: "client-sdk", role: null, environment: "production" },
  { who: "devServerSdk", kind: "server-sdk", role: null, environment: "development" },
];

/** Builds the app the way `start-server.ts` does, minus listening and the background runners. */
export async function createRobustApp(): Promise<RobustApp> {
  const dataDir = await mkdtemp(join(tmpdir(), "sb-robust-"));
  const store = await openConfigStore({ dataDir: join(dataDir, "config") }, { kinds: serverDocumentKinds() });
  const events = await DuckDbEventStore.open({ path: join(dataDir, "events.duckdb"), stagingDir: dataDir, threads: 1 });
  await ensureEnvironments(store, ["development", "staging", "production"]);
  const system = { actor: "system", role: "admin" as const, reason: null };
  const secrets = new Map<Caller, string>();
  for (const p of PRINCIPALS) {
    const token = { kind: p.kind, name: `robust-${p.who}`, role: p.role, environment: p.environment };
    secrets.set(p.who, (await issueToken(store, token, system)).secret);
  }
  const errorLog: string[] = [];
  const app = composeApp({
    config: { ...TEST_CONFIG, dataDir },
    store,
    auth: new TokenAuthenticator(store, systemClock),
    clock: systemClock,
    events,
    logger: capturingLogger(errorLog),
  });
  await app.ready();
  let badAddress = 0;
  const call = (who: Caller, options: InjectOptions) => {
    const secret = who === "badToken" ? unknownToken(badAddress) : secrets.get(who);
    const headers = {
      ...(options.headers ?? {}),
      ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }),
    };
    // Unknown tokens are ever new and come from ever new addresses: the failed-auth limiter (D2), which counts per
    // address and per token prefix, must not turn the rest of a suite into 429s that hide what the suite is about.
    const remoteAddress = who === "badToken" ? `10.77.${(badAddress >> 8) & 255}.${badAddress++ & 255}` : "127.0.0.1";
    return app.inject({ remoteAddress, ...options, headers });
  };
  return {
    app,
    store,
    events,
    errorLog,
    call,
    async close() {
      await app.close();
      await events.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Keeps error lines (with the error's message) instead of printing thousands of expected stack traces.
function capturingLogger(errorLog: string[]): FastifyBaseLogger {
  const ignore = (): void => {};
  const keep = (...args: unknown[]): void => {
    const [first, second] = args;
    const err = typeof first === "object" && first !== null ? (first as { err?: unknown }).err : undefined;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(second ?? first);
    errorLog.push(message.slice(0, 400));
  };
  const logger: FastifyBaseLogger = {
    level: "error",
    fatal: keep,
    error: keep,
    warn: ignore,
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    child: () => logger,
  };
  return logger;
}

/** An unknown personal token whose visible prefix differs from every other one's. */
function unknownToken(sequence: number): string {
  return `sb_pat_${sequence.toString(36).padStart(6, "0")}-robustness-unknown-token`;
}
