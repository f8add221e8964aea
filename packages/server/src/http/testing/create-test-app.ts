import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { TokenAuthenticator } from "../../auth/token-authenticator.js";
import { type AppDeps, composeApp } from "../../compose-features.js";
import type { ServerConfig } from "../../config/server-config.js";
import { serverDocumentKinds } from "../../control-plane/document-kinds.js";
import { issueToken } from "../../control-plane/tokens/token-service.js";
import type { Clock } from "../../kernel/clock.js";
import type { ConfigStore, Role } from "../../store/config-store.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start = "2025-06-01T09:00:00.000Z") {
    this.#ms = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** The config of test apps. */
export const TEST_CONFIG: ServerConfig = {
  host: "127.0.0.1",
  port: 0,
  dataDir: ".switchboard-test",
  databaseUrl: null,
  adminToken: null,
  bodyLimitBytes: 4 * 1024 * 1024,
  reasonRequiredIn: ["production"],
  changeRequestsIn: [],
  initialEnvironments: ["development", "staging", "production"],
  heartbeatSeconds: 15,
  shutdownGraceMs: 1_000,
  streamRetryMs: 1_000,
};

/** What a test app is built with besides its config: the app's optional parts, its environments and people. */
export interface TestAppOptions extends Pick<AppDeps, "events" | "logger"> {
  /** The environments created (default: development, staging, production). */
  environments?: readonly string[];
  /** Personal tokens issued to people by name (`{ ada: "editor" }`), besides the one per role. */
  people?: Readonly<Record<string, Role>>;
}

/** An app over a fake store with the environments and one token per role (plus SDK keys and named people). */
export interface TestApp<S extends ConfigStore = FakeConfigStore> {
  app: FastifyInstance;
  store: S;
  clock: ManualClock;
  secrets: Record<Role | "serverSdk" | "clientSdk", string>;
  /** The tokens of `options.people`, by name. */
  people: Record<string, string>;
  /** Injects a request as `who` (a role or an SDK key), JSON bodies given as values. */
  call(who: keyof TestApp<S>["secrets"] | null, options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Builds a test app over a fake store; `config` overrides parts of `TEST_CONFIG`; the clock starts at `start`. */
export async function createTestApp(
  config: Partial<ServerConfig> = {},
  options: TestAppOptions & { start?: string } = {},
): Promise<TestApp> {
  const { start, ...rest } = options;
  const clock = new ManualClock(start);
  return createTestAppOver(new FakeConfigStore(clock, serverDocumentKinds()), clock, config, rest);
}

/** Builds a test app over `store` (empty), whose clock is `clock`. */
export async function createTestAppOver<S extends ConfigStore>(
  store: S,
  clock: ManualClock,
  config: Partial<ServerConfig> = {},
  options: TestAppOptions = {},
): Promise<TestApp<S>> {
  const { environments = ["development", "staging", "production"], people = {}, ...deps } = options;
  const system = { actor: "system", role: "admin" as const, reason: null };
  for (const name of environments) {
    await store.createDocument("environment", name, {}, { actor: "system", action: "environment.create" });
  }
  const issue = async (
    kind: "admin" | "personal" | "server-sdk" | "client-sdk",
    role: Role | null,
    env: string | null,
  ) => (await issueToken(store, { kind, name: `${kind}-${role ?? env}`, role, environment: env }, system)).secret;
  const secrets = {
    admin: await issue("admin", "admin", null),
    editor: await issue("personal", "editor", null),
    viewer: await issue("personal", "viewer", null),
    support: await issue("personal", "support", null),
    serverSdk: await issue("server-sdk", null, "production"),
    clientSdk: await issue("client-sdk", null, "production"),
  };
  const personal: Record<string, string> = {};
  for (const [name, role] of Object.entries(people))
    personal[name] = (await issueToken(store, { kind: "personal", name, role, environment: null }, system)).secret;
  const fullConfig = { ...TEST_CONFIG, ...config };
  const auth = new TokenAuthenticator(store, clock);
  const app = composeApp({ config: fullConfig, store, auth, clock, ...deps });
  await app.ready();
  const call = (who: keyof TestApp<S>["secrets"] | null, options: InjectOptions) => {
    const headers = {
      ...(options.headers ?? {}),
      ...(who === null ? {} : { authorization: `Bearer ${secrets[who]}` }),
    };
    return app.inject({ ...options, headers });
  };
  return { app, store, clock, secrets, people: personal, call };
}

/** A boolean flag body with a ramp rule in production. */
export function rampFlag(key = "new-checkout"): Record<string, unknown> {
  return {
    key,
    description: "The rewritten checkout flow.",
    owner: "team-payments",
    tags: ["checkout"],
    type: "boolean",
    defaultVariation: "off",
    environments: { production: { rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 5 }] } },
  };
}
