import { describe, expect, it } from "vitest";
import { bootstrapAdminToken } from "../control-plane/tokens/bootstrap-admin-token.js";
import { issueToken, TokenService } from "../control-plane/tokens/token-service.js";
import { ManualClock } from "../http/testing/create-test-app.js";
import { AppError } from "../kernel/app-error.js";
import { FakeConfigStore } from "../store/fake-config-store.js";
import { TokenAuthenticator } from "./token-authenticator.js";
import { generateTokenSecret, hashTokenSecret, visibleTokenPrefix } from "./token-secret.js";

const system = { actor: "system", role: "admin" as const, reason: null };

async function setup() {
  const clock = new ManualClock();
  const store = new FakeConfigStore(clock);
  const auth = new TokenAuthenticator(store, clock, {
    maxFailures: 3,
    windowMs: 10_000,
    maxKeys: 2,
    failureDelayMs: 0,
  });
  return { clock, store, auth };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof AppError ? error.code : "unexpected";
  }
}

describe("token secrets", () => {
  it("D2: have their kind's prefix and 32 random bytes (256 bits, so guessing is pointless), stored only as a SHA-256 hash", () => {
    const secret = generateTokenSecret("server-sdk");
    expect(secret).toMatch(/^sb_srv_[A-Za-z0-9_-]{43}$/);
    expect(generateTokenSecret("admin")).toMatch(/^sb_admin_/);
    expect(hashTokenSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(visibleTokenPrefix(secret)).toBe(secret.slice(0, 13));
  });
});

describe("TokenAuthenticator", () => {
  it("resolves a valid token to its principal and refuses unknown and revoked ones", async () => {
    const { store, auth } = await setup();
    const { secret, token } = await issueToken(
      store,
      { kind: "personal", name: "ana", role: "editor", environment: null },
      system,
    );
    expect(await auth.authenticate(secret, "1.1.1.1")).toEqual({
      tokenId: token.id,
      kind: "personal",
      name: "ana",
      role: "editor",
      environment: null,
    });
    expect(await codeOf(auth.authenticate("sb_pat_unknown", "1.1.1.1"))).toBe("UNAUTHENTICATED");
    await new TokenService(store, auth).revoke(token.id, system);
    expect(await codeOf(auth.authenticate(secret, "1.1.1.1"))).toBe("UNAUTHENTICATED");
  });

  it("D2: refuses only the failures of an address beyond its limit, never its valid token, until the window passes", async () => {
    const { clock, store, auth } = await setup();
    const { secret } = await issueToken(
      store,
      { kind: "admin", name: "root", role: "admin", environment: null },
      system,
    );
    for (let i = 0; i < 3; i++) await codeOf(auth.authenticate(`sb_pat_${i}wrong`, "2.2.2.2"));
    expect(await codeOf(auth.authenticate(secret, "2.2.2.2"))).toBe("ok");
    const limited = await auth.authenticate("sb_pat_9wrong", "2.2.2.2").catch((error: AppError) => error);
    expect(limited).toMatchObject({ code: "RATE_LIMITED", meta: { retryAfterSeconds: 10 } });
    expect(await codeOf(auth.authenticate("sb_pat_8wrong", "3.3.3.3"))).toBe("UNAUTHENTICATED");
    clock.advance(10_001);
    expect(await codeOf(auth.authenticate("sb_pat_7wrong", "2.2.2.2"))).toBe("UNAUTHENTICATED");
  });

  it("D2: limits failures per presented token prefix over every address", async () => {
    const { auth } = await setup();
    for (let i = 0; i < 3; i++) await codeOf(auth.authenticate(`sb_admin_Xy3kQ9guess${i}`, `10.0.0.${i}`));
    expect(await codeOf(auth.authenticate("sb_admin_Xy3kQ9guess9", "10.0.0.9"))).toBe("RATE_LIMITED");
    expect(await codeOf(auth.authenticate("sb_admin_Ab3kQ9guess9", "10.0.0.9"))).toBe("UNAUTHENTICATED");
    expect(auth.failureStats()).toMatchObject({ limitedPrefixes: 1, rateLimitedTotal: 1 });
  });

  it("forgets the quietest addresses beyond its capacity", async () => {
    const { auth } = await setup();
    for (const [i, address] of ["a", "a", "a", "b", "c"].entries()) {
      await codeOf(auth.authenticate(`sb_pat_${i}wrong`, address));
    }
    expect(await codeOf(auth.authenticate("sb_pat_9wrong", "a"))).toBe("UNAUTHENTICATED");
  });
});

describe("bootstrapAdminToken", () => {
  it("creates a generated admin token on an empty store once, and returns its secret", async () => {
    const { store, auth } = await setup();
    const { generated: secret } = await bootstrapAdminToken(store, { adminToken: null });
    expect(secret).toMatch(/^sb_admin_/);
    expect((await auth.authenticate(secret ?? "", "x")).role).toBe("admin");
    expect(await bootstrapAdminToken(store, { adminToken: null })).toEqual({ generated: null, configured: null });
    expect(await store.listTokens()).toHaveLength(1);
  });

  it("uses the configured admin token and does not echo it", async () => {
    const { store, auth } = await setup();
    expect(await bootstrapAdminToken(store, { adminToken: "my-own-admin-secret-0123456789abcdef" })).toEqual({
      generated: null,
      configured: { status: "added" },
    });
    expect((await auth.authenticate("my-own-admin-secret-0123456789abcdef", "x")).kind).toBe("admin");
  });
});

describe("TokenAuthenticator under a reconnecting fleet", () => {
  it("looks a key presented by many requests at once up in the store once", async () => {
    const { store, auth } = await setup();
    const { secret } = await issueToken(
      store,
      { kind: "server-sdk", name: "fleet", role: null, environment: "production" },
      system,
    );
    let lookups = 0;
    const find = store.findTokenByHash.bind(store);
    store.findTokenByHash = (hash: string) => {
      lookups++;
      return find(hash);
    };
    const principals = await Promise.all(Array.from({ length: 200 }, () => auth.authenticate(secret, "10.0.0.1")));
    expect(lookups).toBe(1);
    expect(new Set(principals.map((principal) => principal.name))).toEqual(new Set(["fleet"]));
  });
});
