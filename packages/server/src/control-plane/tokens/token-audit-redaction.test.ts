import { describe, expect, it } from "vitest";
import { createTestApp, ManualClock } from "../../http/testing/create-test-app.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { bootstrapAdminToken } from "./bootstrap-admin-token.js";
import { issueToken } from "./token-service.js";

const CHOSEN = "correct-horse-battery-staple-42-and-more";
const system = { actor: "system", role: "admin" as const, reason: null };

describe("token entries of the audit log", () => {
  it("D17: viewers see that tokens changed but not which, nor any prefix; a chosen secret's start is never stored", async () => {
    const t = await createTestApp();
    const created = await issueToken(
      t.store,
      { kind: "admin", name: "bootstrap admin", role: "admin", environment: null },
      system,
      CHOSEN,
    );
    await t.call("admin", { method: "DELETE", url: `/api/v1/tokens/${created.token.id}` });

    const asViewer = await t.call("viewer", { method: "GET", url: "/api/v1/changes?subjectKind=token&limit=100" });
    expect(asViewer.statusCode).toBe(200);
    const viewerItems = asViewer.json().items as Record<string, unknown>[];
    expect(viewerItems.length).toBeGreaterThanOrEqual(6);
    expect(asViewer.body).not.toMatch(/"prefix"|sb_[a-z]+_|bootstrap admin|serverSdk|correc/);
    for (const item of viewerItems) expect(item).toMatchObject({ subjectKind: "token", before: null, after: null });
    expect(new Set(viewerItems.map((item) => item["subjectKey"]))).toEqual(new Set(["(redacted)"]));
    const byEditor = await t.call("editor", { method: "GET", url: "/api/v1/changes?subjectKind=token" });
    expect(byEditor.body).not.toMatch(/"prefix"|bootstrap admin/);

    const asAdmin = await t.call("admin", { method: "GET", url: "/api/v1/changes?subjectKind=token&limit=100" });
    expect(asAdmin.body).toContain("bootstrap admin");
    expect(asAdmin.body).toContain(created.token.id);
    expect(asAdmin.body).not.toContain("correc");
    const tokens = await t.call("admin", { method: "GET", url: "/api/v1/tokens" });
    expect(tokens.body).not.toContain("correc");
  });

  it("D17: the bootstrap admin token of a chosen SWITCHBOARD_ADMIN_TOKEN keeps no character of it in clear", async () => {
    const store = new FakeConfigStore(new ManualClock());
    await bootstrapAdminToken(store, { adminToken: CHOSEN });
    const [token] = await store.listTokens();
    expect(token?.prefix).not.toContain("correc");
    expect(JSON.stringify(await store.listChanges({ subjectKind: "token" }))).not.toContain("correc");
  });
});
