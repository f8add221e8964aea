import { describe, expect, it } from "vitest";
import { TokenAuthenticator } from "../../auth/index.js";
import { ManualClock } from "../../http/testing/create-test-app.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { bootstrapAdminToken } from "./bootstrap-admin-token.js";
import { issueToken, TokenService } from "./token-service.js";

const CHOSEN = "sb_admin_change-me-please-0123456789";
const system = { actor: "system", role: "admin" as const, reason: null };

function setup() {
  const clock = new ManualClock();
  const store = new FakeConfigStore(clock);
  return { store, auth: new TokenAuthenticator(store, clock) };
}

describe("SWITCHBOARD_ADMIN_TOKEN works on every start, not only the first", () => {
  it("is added as an admin token to a data folder first started without it (npm start, then the README's start)", async () => {
    const { store, auth } = setup();
    const first = await bootstrapAdminToken(store, { adminToken: null });
    expect(first.generated).toMatch(/^sb_admin_/);

    const second = await bootstrapAdminToken(store, { adminToken: CHOSEN });
    expect(second).toEqual({ generated: null, configured: { status: "added" } });
    expect(await auth.authenticate(CHOSEN, "x")).toMatchObject({ kind: "admin", role: "admin" });
    // The generated token keeps working: adding is not replacing.
    expect(await auth.authenticate(first.generated ?? "", "x")).toMatchObject({ role: "admin" });
    const tokens = await store.listTokens();
    expect(tokens.map((t) => t.name).sort()).toEqual(["SWITCHBOARD_ADMIN_TOKEN", "bootstrap admin"]);
    const changes = await store.listChanges({ subjectKind: "token" });
    expect(changes.map((c) => c.reason)).toContain("SWITCHBOARD_ADMIN_TOKEN set at start-up");
  });

  it("is reported in use, and not added twice, on the starts after that", async () => {
    const { store } = setup();
    expect((await bootstrapAdminToken(store, { adminToken: CHOSEN })).configured).toEqual({ status: "added" });
    expect((await bootstrapAdminToken(store, { adminToken: CHOSEN })).configured).toEqual({ status: "in-use" });
    expect(await store.listTokens()).toHaveLength(1);
    expect((await store.listTokens())[0]?.name).toBe("bootstrap admin");
  });

  it("a revoked one stays revoked: ignored, with the reason and what to do", async () => {
    const { store, auth } = setup();
    await bootstrapAdminToken(store, { adminToken: CHOSEN });
    const [token] = await store.listTokens();
    await new TokenService(store).revoke(token?.id ?? "", system);

    const again = await bootstrapAdminToken(store, { adminToken: CHOSEN });
    expect(again.configured).toMatchObject({ status: "ignored" });
    expect(again.configured?.status === "ignored" && again.configured.why).toMatch(/revoked at .*set a new one/);
    await expect(auth.authenticate(CHOSEN, "x")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await store.listTokens()).toHaveLength(1);
  });

  it("the secret of a token of another kind is never promoted to admin", async () => {
    const { store, auth } = setup();
    const pat = await issueToken(store, { kind: "personal", name: "alice", role: "viewer", environment: null }, system);
    const result = await bootstrapAdminToken(store, { adminToken: pat.secret });
    expect(result.configured).toMatchObject({ status: "ignored" });
    expect(result.configured?.status === "ignored" && result.configured.why).toContain('personal token "alice"');
    expect(await auth.authenticate(pat.secret, "x")).toMatchObject({ kind: "personal", role: "viewer" });
  });

  it("two servers of a cluster starting together with the same token add it once", async () => {
    const { store } = setup();
    await bootstrapAdminToken(store, { adminToken: null });
    const results = await Promise.all([
      bootstrapAdminToken(store, { adminToken: CHOSEN }),
      bootstrapAdminToken(store, { adminToken: CHOSEN }),
    ]);
    expect(results.map((r) => r.configured?.status).sort()).toEqual(["added", "in-use"]);
    expect(await store.listTokens()).toHaveLength(2);
  });
});
