import type { Flag, Segment } from "@switchboard/core";
import Fastify, { type FastifyInstance } from "fastify";
import type { Authenticator } from "../../auth/authenticator.js";
import type { AppDeps } from "../../compose-features.js";
import type { ServerConfig } from "../../config/server-config.js";
import { AppError } from "../../kernel/app-error.js";
import { systemClock } from "../../kernel/clock.js";
import type { Principal } from "../../kernel/principal.js";
import type { TokenKind } from "../../store/config-store.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { sdkRoutes } from "../sdk-routes.js";

/** Secrets of the keys every SDK-serving test can use. */
export const KEYS = {
  server: "sb_server_production",
  client: "sb_client_production",
  staging: "sb_server_staging",
  admin: "sb_admin",
  personal: "sb_personal",
} as const;

/** An authenticator over a fixed table of secrets. */
export class TableAuthenticator implements Authenticator {
  calls = 0;
  readonly principals = new Map<string, Principal>();

  add(secret: string, kind: TokenKind, environment: string | null): void {
    const role = kind === "admin" ? "admin" : kind === "personal" ? "viewer" : null;
    this.principals.set(secret, { tokenId: secret, kind, name: secret, role, environment });
  }

  async authenticate(secret: string): Promise<Principal> {
    this.calls++;
    const principal = this.principals.get(secret);
    if (!principal) throw new AppError("UNAUTHENTICATED", "Unknown or revoked token.");
    return principal;
  }
}

/** A flag set with client-visible and server-only flags, a condition segment and an id-list segment. */
export async function seedStore(store: FakeConfigStore): Promise<void> {
  const change = { actor: "test", action: "seed" };
  for (const name of ["production", "staging"]) await store.createDocument("environment", name, {}, change);
  const segments: Record<string, Segment> = {
    staff: { condition: { email: { $regex: "@switchboard\\.dev$" } } },
    "beta-testers": { attribute: "id", ids: ["user-1001", "user-1002"], clientVisible: true },
  };
  for (const [key, body] of Object.entries(segments)) await store.createDocument("segment", key, body, change);
  const flags: Record<string, Flag> = {
    "new-checkout": {
      type: "boolean",
      defaultVariation: "off",
      clientVisible: true,
      environments: {
        production: {
          rules: [
            { id: "me", kind: "force", condition: { id: "user-42" }, serve: "on" },
            { id: "staff", kind: "force", segments: ["staff"], serve: "on" },
          ],
        },
      },
    },
    "search-limit": {
      type: "number",
      variations: [
        { key: "ten", value: 10 },
        { key: "fifty", value: 50 },
      ],
      defaultVariation: "ten",
      environments: {
        production: { rules: [{ id: "beta", kind: "force", segments: ["beta-testers"], serve: "fifty" }] },
      },
    },
    "beta-banner": {
      type: "boolean",
      defaultVariation: "off",
      clientVisible: true,
      environments: { production: { rules: [{ id: "beta", kind: "force", segments: ["beta-testers"], serve: "on" }] } },
    },
  };
  for (const [key, body] of Object.entries(flags)) await store.createDocument("flag", key, body, change);
}

/** Replaces a flag's document with `update(body)`, as the control API would. */
export async function updateFlag(store: FakeConfigStore, key: string, update: (flag: Flag) => Flag): Promise<number> {
  const current = await store.getDocument<Flag>("flag", key);
  if (!current) throw new Error(`no flag ${key}`);
  const written = await store.replaceDocument("flag", key, current.version, update(current.body), {
    actor: "test",
    action: "flag.update",
  });
  return written.change.seq;
}

/** Kills (or re-enables) a flag in production. */
export function setEnabled(store: FakeConfigStore, key: string, enabled: boolean): Promise<number> {
  return updateFlag(store, key, (flag) => ({
    ...flag,
    environments: { ...flag.environments, production: { ...flag.environments?.["production"], enabled } },
  }));
}

/** The server config of tests: fast heartbeats and retries. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: "127.0.0.1",
    port: 0,
    dataDir: ".switchboard-test",
    databaseUrl: null,
    adminToken: null,
    bodyLimitBytes: 1024 * 1024,
    reasonRequiredIn: [],
    initialEnvironments: ["production", "staging"],
    heartbeatSeconds: 15,
    shutdownGraceMs: 1000,
    streamRetryMs: 2000,
    ...overrides,
  };
}

/** A seeded store, a key table and a minimal Fastify app with only the SDK routes. */
export async function createSdkTestApp(
  config: ServerConfig = testConfig(),
): Promise<{ app: FastifyInstance; store: FakeConfigStore; auth: TableAuthenticator; deps: AppDeps }> {
  const store = new FakeConfigStore();
  await seedStore(store);
  const auth = new TableAuthenticator();
  auth.add(KEYS.server, "server-sdk", "production");
  auth.add(KEYS.client, "client-sdk", "production");
  auth.add(KEYS.staging, "server-sdk", "staging");
  auth.add(KEYS.admin, "admin", null);
  auth.add(KEYS.personal, "personal", null);
  const deps: AppDeps = { config, store, auth, clock: systemClock };
  const app = Fastify();
  await app.register(sdkRoutes, deps);
  await app.ready();
  return { app, store, auth, deps };
}
