import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestApp, rampFlag, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const FLAG = "/api/v1/flags/new-checkout";

/** Reads, changes the description, and PUTs with If-Match until no one else wrote in between. */
async function putWriter(index: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const read = await t.call("admin", { method: "GET", url: FLAG });
    const body = { ...read.json().body, description: `written by ${index}` };
    const put = await t.call("admin", {
      method: "PUT",
      url: FLAG,
      payload: body,
      headers: { "if-match": read.headers.etag as string },
    });
    if (put.statusCode === 200) return attempt;
    expect(put.statusCode, put.body).toBe(409);
    expect(put.json().error.currentVersion).toBeGreaterThan(0);
  }
}

/** One activation without If-Match: the server re-applies it on conflicts. */
async function activationWriter(index: number): Promise<void> {
  const env = `${FLAG}/environments/production`;
  const ops = [
    { url: `${env}/serve-me`, payload: { add: [`user-${index}`] } },
    { url: `${env}/ramp`, payload: { percent: index } },
    { url: `${env}/kill`, payload: {} },
    { url: `${env}/enable`, payload: {} },
  ];
  const op = ops[Math.floor(index / 2) % ops.length];
  const response = await t.call("admin", { method: "POST", url: op?.url ?? "", payload: op?.payload ?? {} });
  expect(response.statusCode, response.body).toBe(200);
}

it("loses no write of 50 concurrent writers and overwrites none silently", async () => {
  await t.call("admin", { method: "POST", url: "/api/v1/flags", payload: rampFlag() });
  const writers = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? putWriter(i) : activationWriter(i)));
  const attempts = (await Promise.all(writers)).filter((result): result is number => typeof result === "number");
  expect(attempts.some((count) => count > 1)).toBe(true);

  const flag = (await t.call("admin", { method: "GET", url: FLAG })).json();
  expect(flag.version).toBe(1 + 50);
  const changes = (
    await t.call("admin", { method: "GET", url: "/api/v1/changes?flag=new-checkout&order=asc&limit=1000" })
  ).json().items as { version: number; before: unknown; after: unknown; action: string }[];
  expect(changes.map((change) => change.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  // Every write started from the state the previous one left: the log is one unbroken chain.
  for (let i = 1; i < changes.length; i++) expect(changes[i]?.before).toEqual(changes[i - 1]?.after);
  expect(changes.at(-1)?.after).toEqual(flag.body);

  const descriptions = changes.map((change) => (change.after as { description?: string }).description);
  for (let i = 0; i < 50; i += 2) expect(descriptions).toContain(`written by ${i}`);
  const serveMe = flag.body.environments.production.rules.find((rule: { id: string }) => rule.id === "serve-me");
  const expectedUnits = Array.from({ length: 50 }, (_, i) => i).filter(
    (i) => i % 2 === 1 && Math.floor(i / 2) % 4 === 0,
  );
  expect(expectedUnits.length).toBeGreaterThan(5);
  expect([...serveMe.condition.id.$in].sort()).toEqual(expectedUnits.map((i) => `user-${i}`).sort());
});
