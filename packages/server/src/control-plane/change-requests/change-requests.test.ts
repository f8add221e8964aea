import { createServer } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "../../http/testing/create-test-app.js";
import { newWebhookSecret, signStandardWebhook } from "../monitors/index.js";
import { issueToken } from "../tokens/token-service.js";

let t: TestApp;
let secondEditor: string;
beforeEach(async () => {
  t = await createTestApp({ changeRequestsIn: ["production"] });
  const system = { actor: "system", role: "admin" as const, reason: null };
  const token = { kind: "personal" as const, name: "approver-ann", role: "editor" as const, environment: null };
  secondEditor = (await issueToken(t.store, token, system)).secret;
  const created = await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag("checkout") });
  expect(created.statusCode, created.body).toBe(201);
});
afterEach(async () => {
  await t.app.close();
});

const asSecondEditor = (options: Parameters<TestApp["call"]>[1]) =>
  t.app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${secondEditor}` } });

async function flag(): Promise<{ version: number; body: { environments: Record<string, unknown> } }> {
  return (await t.call("viewer", { method: "GET", url: "/api/v1/flags/checkout" })).json();
}

async function proposeRamp(percent: number): Promise<{ id: string; status: string }> {
  const answer = await t.call("editor", {
    method: "POST",
    url: "/api/v1/flags/checkout/environments/production/ramp",
    payload: { percent, reason: "ramp after the canary" },
  });
  expect(answer.statusCode, answer.body).toBe(202);
  return answer.json();
}

describe("change requests for a protected environment", () => {
  it("holds an editor's ramp, refuses self-approval, applies on another person's approval, audits each step", async () => {
    const request = await proposeRamp(50);
    expect(request).toMatchObject({ status: "pending", proposedBy: "personal-editor", environments: ["production"] });
    const held = await t.call("viewer", { method: "GET", url: `/api/v1/change-requests/${request.id}` });
    const [change] = held.json().changes;
    expect(change.before.environments.production.rules[0].percent).toBe(5);
    expect(change.after.environments.production.rules[0].percent).toBe(50);
    expect((await flag()).version).toBe(1); // nothing applied yet

    const self = await t.call("editor", { method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toMatch(/another person must approve/);
    const viewer = await t.call("viewer", { method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
    expect(viewer.statusCode).toBe(403);

    const approved = await asSecondEditor({
      method: "POST",
      url: `/api/v1/change-requests/${request.id}/approve`,
      payload: { reason: "checked the dashboards" },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "applied", decidedBy: "approver-ann" });
    const after = await flag();
    expect(after.version).toBe(2);
    expect(after.body.environments["production"]).toMatchObject({ rules: [{ percent: 50 }] });

    const log = await t.call("viewer", {
      method: "GET",
      url: `/api/v1/changes?subjectKind=change-request&subjectKey=${request.id}&order=asc`,
    });
    expect(log.json().items.map((c: { action: string; actor: string }) => [c.action, c.actor])).toEqual([
      ["change-request.propose", "personal-editor"],
      ["change-request.approve", "approver-ann"],
      ["change-request.apply", "approver-ann"],
    ]);
    const flagLog = await t.call("viewer", { method: "GET", url: "/api/v1/changes?flag=checkout&order=desc&limit=1" });
    expect(flagLog.json().items[0]).toMatchObject({ actor: "personal-editor", action: "flag.update" });
    expect(flagLog.json().items[0].reason).toContain(`change request ${request.id}, approved by approver-ann`);

    const range = "from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z";
    const markers = (await t.call("viewer", { method: "GET", url: `/api/v1/markers?${range}` })).json().items;
    expect(markers.map((m: { change?: { action: string } }) => m.change?.action)).not.toContain(
      "change-request.propose",
    );
    expect(markers.map((m: { change?: { action: string } }) => m.change?.action)).toContain("flag.update");

    const again = await asSecondEditor({ method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
    expect(again.statusCode).toBe(422);
  });

  it("lets an editor kill at once in a protected environment, audited", async () => {
    const kill = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/checkout/environments/production/kill",
      payload: { reason: "errors up" },
    });
    expect(kill.statusCode, kill.body).toBe(200);
    expect(kill.json().body.environments.production.enabled).toBe(false);
    const log = await t.call("viewer", { method: "GET", url: "/api/v1/changes?flag=checkout&order=desc&limit=1" });
    expect(log.json().items[0]).toMatchObject({ action: "flag.kill", actor: "personal-editor", reason: "errors up" });
    const requests = await t.call("viewer", { method: "GET", url: "/api/v1/change-requests" });
    expect(requests.json().items).toEqual([]);
  });

  it("refuses to apply an approved request when the flag changed since, and marks it failed", async () => {
    const request = await proposeRamp(40);
    const moved = await t.call("admin", {
      method: "POST",
      url: "/api/v1/flags/checkout/environments/production/ramp",
      payload: { percent: 10 },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const approved = await t.call("admin", { method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
    expect(approved.statusCode).toBe(409);
    expect(approved.json().error.message).toMatch(/"checkout" is at version 2, planned against 1/);
    const failed = await t.call("viewer", { method: "GET", url: "/api/v1/change-requests?status=failed" });
    expect(failed.json().items.map((r: { id: string }) => r.id)).toEqual([request.id]);
    expect((await flag()).body.environments["production"]).toMatchObject({ rules: [{ percent: 10 }] });
  });

  it("holds PUT /flags/:key and flag-set applies that change production, not ones that change staging only", async () => {
    const { body } = await flag();
    const staging = { ...body, environments: { ...body.environments, staging: { enabled: true } } };
    const put = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/flags/checkout",
      headers: { "if-match": '"1"' },
      payload: staging,
    });
    expect(put.statusCode, put.body).toBe(200);
    const production = { ...staging, environments: { ...staging.environments, production: { enabled: false } } };
    const held = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flag-sets/apply",
      payload: { reason: "from git abc123", flags: [{ key: "checkout", expectedVersion: 2, flag: production }] },
    });
    expect(held.statusCode, held.body).toBe(202);
    expect(held.json()).toMatchObject({ status: "pending", summary: expect.stringContaining("checkout") });
    const admin = await t.call("admin", {
      method: "PUT",
      url: "/api/v1/flags/checkout",
      headers: { "if-match": '"2"' },
      payload: production,
    });
    expect(admin.statusCode, admin.body).toBe(200); // admins are approvers: they change protected environments directly
  });

  it("rejects, cancels, and applies a scheduled approval when it falls due", async () => {
    const rejected = await proposeRamp(20);
    const rejection = await asSecondEditor({
      method: "POST",
      url: `/api/v1/change-requests/${rejected.id}/reject`,
      payload: { reason: "not this week" },
    });
    expect(rejection.json()).toMatchObject({ status: "rejected", decidedBy: "approver-ann" });
    const mine = await proposeRamp(25);
    const notYours = await asSecondEditor({ method: "POST", url: `/api/v1/change-requests/${mine.id}/cancel` });
    expect(notYours.statusCode).toBe(403);
    const cancelled = await t.call("editor", { method: "POST", url: `/api/v1/change-requests/${mine.id}/cancel` });
    expect(cancelled.json().status).toBe("cancelled");

    t.clock.advance(1_000);
    const later = await proposeRamp(30);
    const applyAt = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const scheduled = await asSecondEditor({
      method: "POST",
      url: `/api/v1/change-requests/${later.id}/approve`,
      payload: { applyAt },
    });
    expect(scheduled.json()).toMatchObject({ status: "scheduled", applyAt });
    const { createChangeRequestService } = await import("./change-request-service.js");
    const service = createChangeRequestService({ store: t.store, clock: t.clock, config: { reasonRequiredIn: [] } });
    expect(await service.applyDue()).toEqual([]);
    t.clock.advance(61_000);
    expect(await service.applyDue()).toEqual([later.id]);
    expect((await flag()).body.environments["production"]).toMatchObject({ rules: [{ percent: 30 }] });
    const pending = await t.call("viewer", { method: "GET", url: "/api/v1/change-requests?status=pending" });
    expect(pending.json().items).toEqual([]);
  });
});

describe("change requests for segments and archives", () => {
  async function useSegment(): Promise<void> {
    const segment = await t.call("admin", {
      method: "POST",
      url: "/api/v1/segments",
      payload: { name: "staff", condition: { plan: "gold" } },
    });
    expect(segment.statusCode, segment.body).toBe(201);
    const user = {
      ...rampFlag("staff-banner"),
      environments: { production: { rules: [{ id: "s", kind: "force", serve: "on", segments: ["staff"] }] } },
    };
    const created = await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: user });
    expect(created.statusCode, created.body).toBe(201);
  }
  const segmentBody = async () =>
    (await t.call("viewer", { method: "GET", url: "/api/v1/segments/staff" })).json() as {
      version: number;
      body: { condition: unknown };
    };

  it("holds an editor's change to a segment a production flag uses, and applies it on another person's approval", async () => {
    await useSegment();
    const held = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/segments/staff",
      headers: { "if-match": '"1"', "x-change-reason": "staff moved to platinum" },
      payload: { condition: { plan: "platinum" } },
    });
    expect(held.statusCode, held.body).toBe(202);
    const request = held.json();
    expect(request).toMatchObject({ status: "pending", environments: ["production"], changes: [] });
    expect(request.segments).toEqual([
      {
        key: "staff",
        expectedVersion: 1,
        before: { condition: { plan: "gold" } },
        after: { condition: { plan: "platinum" } },
      },
    ]);
    expect((await segmentBody()).version).toBe(1);
    const self = await t.call("editor", { method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
    expect(self.statusCode).toBe(403);
    const approved = await asSecondEditor({ method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe("applied");
    expect(await segmentBody()).toMatchObject({ version: 2, body: { condition: { plan: "platinum" } } });
    const log = await t.call("viewer", {
      method: "GET",
      url: "/api/v1/changes?subjectKind=segment&order=desc&limit=1",
    });
    expect(log.json().items[0]).toMatchObject({ action: "segment.update", actor: "personal-editor" });
    expect(log.json().items[0].reason).toContain(`approved by approver-ann`);
  });

  it("lets an editor change a segment no protected environment uses at once", async () => {
    const made = await t.call("editor", {
      method: "POST",
      url: "/api/v1/segments",
      payload: { name: "staff", condition: { plan: "gold" } },
    });
    expect(made.statusCode, made.body).toBe(201);
    const put = await t.call("editor", {
      method: "PUT",
      url: "/api/v1/segments/staff",
      headers: { "if-match": '"1"' },
      payload: { condition: { plan: "platinum" } },
    });
    expect(put.statusCode, put.body).toBe(200);
  });

  it("holds a flag-set apply whose segment change reaches production, segments and flags in one request", async () => {
    await useSegment();
    const held = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flag-sets/apply",
      payload: {
        reason: "from git 1234",
        flags: [],
        segments: [{ key: "staff", expectedVersion: 1, segment: { condition: { plan: "silver" } } }],
      },
    });
    expect(held.statusCode, held.body).toBe(202);
    expect(held.json().summary).toBe("apply 1 segment change(s) (staff)");
    const approved = await asSecondEditor({ method: "POST", url: `/api/v1/change-requests/${held.json().id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await segmentBody()).body.condition).toEqual({ plan: "silver" });
  });

  it("holds an editor's archive of a production flag until another person approves it", async () => {
    const held = await t.call("editor", {
      method: "POST",
      url: "/api/v1/flags/checkout/archive",
      payload: { reason: "launched everywhere" },
    });
    expect(held.statusCode, held.body).toBe(202);
    expect(held.json()).toMatchObject({ summary: "archive checkout", changes: [{ key: "checkout", after: null }] });
    expect((await flag()).version).toBe(1);
    const approved = await asSecondEditor({ method: "POST", url: `/api/v1/change-requests/${held.json().id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    const archived = await t.call("viewer", { method: "GET", url: "/api/v1/flags/checkout" });
    expect(archived.json()).toMatchObject({ archived: true, version: 2 });
    const log = await t.call("viewer", { method: "GET", url: "/api/v1/changes?flag=checkout&order=desc&limit=1" });
    expect(log.json().items[0]).toMatchObject({ action: "flag.archive", actor: "personal-editor" });
  });
});

describe("change request notifications", () => {
  it("posts each step as a signed Standard Webhooks message", async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/hook`;
    const secret = newWebhookSecret();
    await t.app.close();
    t = await createTestApp({ changeRequestsIn: ["production"], changeRequestWebhook: { url, secret } });
    await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag("checkout") });
    try {
      const request = await proposeRamp(60);
      const approved = await t.call("admin", { method: "POST", url: `/api/v1/change-requests/${request.id}/approve` });
      expect(approved.statusCode, approved.body).toBe(200);
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(3);
      const types = received.map((r) => JSON.parse(r.body).type).sort();
      expect(types).toEqual(["change-request.applied", "change-request.approved", "change-request.proposed"]);
      for (const { headers, body } of received) {
        const [id, timestamp] = [String(headers["webhook-id"]), Number(headers["webhook-timestamp"])];
        expect(headers["webhook-signature"]).toBe(signStandardWebhook(secret, id, timestamp, body));
        expect(JSON.parse(body).data.id).toBe(request.id);
      }
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("change request webhook delivery", () => {
  type Received = { id: string; status: number };
  async function receiver(
    answers: number[],
  ): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
    const received: Received[] = [];
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        const status = answers[received.length] ?? 200;
        received.push({ id: String(request.headers["webhook-id"]), status });
        response.statusCode = status;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}/hook`,
      received,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  async function appPosting(url: string): Promise<void> {
    await t.app.close();
    const retry = { baseDelayMs: 20, maxAttempts: 3 };
    t = await createTestApp({ changeRequestsIn: ["production"], changeRequestWebhook: { url, secret: null, retry } });
    await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag("checkout") });
  }

  const deliveries = async (id: string) =>
    (await t.call("viewer", { method: "GET", url: `/api/v1/change-requests/${id}` })).json().deliveries;

  it("retries a 5xx with the same webhook-id until it is delivered, and records the attempts", async () => {
    const hook = await receiver([503, 502]);
    try {
      await appPosting(hook.url);
      const request = await proposeRamp(60);
      await expect.poll(() => hook.received.length, { timeout: 5_000 }).toBe(3);
      expect(hook.received.map((r) => r.status)).toEqual([503, 502, 200]);
      expect(new Set(hook.received.map((r) => r.id)).size).toBe(1);
      await expect.poll(async () => (await deliveries(request.id))[0]?.status, { timeout: 5_000 }).toBe("delivered");
      expect((await deliveries(request.id))[0]).toMatchObject({
        event: "proposed",
        id: hook.received[0]?.id,
        attempts: 3,
        lastStatus: 200,
        lastError: null,
      });
      const list = await t.call("viewer", { method: "GET", url: "/api/v1/change-requests" });
      expect(list.json().items[0].deliveries).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it("does not retry a 4xx, gives up after the last attempt on 5xx, and records both as failed", async () => {
    const refusing = await receiver([400]);
    try {
      await appPosting(refusing.url);
      const request = await proposeRamp(60);
      await expect.poll(async () => (await deliveries(request.id))[0]?.status, { timeout: 5_000 }).toBe("failed");
      expect((await deliveries(request.id))[0]).toMatchObject({ attempts: 1, lastStatus: 400 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(refusing.received).toHaveLength(1);
    } finally {
      await refusing.close();
    }
    const down = await receiver([500, 500, 500, 500]);
    try {
      await appPosting(down.url);
      const request = await proposeRamp(60);
      await expect.poll(async () => (await deliveries(request.id))[0]?.status, { timeout: 5_000 }).toBe("failed");
      expect((await deliveries(request.id))[0]).toMatchObject({ attempts: 3, lastStatus: 500 });
      expect(down.received).toHaveLength(3);
    } finally {
      await down.close();
    }
  });

  it("retries when nothing answers, and keeps the write it tells of", async () => {
    const gone = await receiver([]);
    await gone.close();
    await appPosting(gone.url);
    const request = await proposeRamp(60);
    expect(request.status).toBe("pending");
    await expect.poll(async () => (await deliveries(request.id))[0]?.status, { timeout: 5_000 }).toBe("failed");
    const [delivery] = await deliveries(request.id);
    expect(delivery).toMatchObject({ attempts: 3, lastStatus: null });
    expect(delivery.lastError).toEqual(expect.any(String));
  });
});
