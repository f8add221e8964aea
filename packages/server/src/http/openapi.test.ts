import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openApiPath } from "./openapi.js";
import { createTestApp, type TestApp } from "./testing/create-test-app.js";

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.app.close();
});

/** Every (method, path) the app serves, read from Fastify's route tree. */
function registeredRoutes(tree: string): [string, string][] {
  const routes: [string, string][] = [];
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    stack.length = depth;
    stack.push(match[2] ?? "");
    const path = stack.join("");
    for (const method of (match[3] ?? "").split(", "))
      if (method !== "HEAD" && method !== "") routes.push([method, path]);
  }
  return routes;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with request schemas from the flag model", async () => {
    const doc = (await t.call(null, { method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    const put = doc.paths["/api/v1/flags/{key}"].put;
    expect(put.requestBody.content["application/json"].schema.properties.defaultVariation).toBeDefined();
    expect(put.parameters).toContainEqual(expect.objectContaining({ name: "If-Match", in: "header", required: true }));
    const ramp = doc.paths["/api/v1/flags/{key}/environments/{env}/ramp"].post;
    expect(ramp.requestBody.content["application/json"].schema.required).toEqual(["percent"]);
  });

  it("documents every route registered under /api/v1", async () => {
    const doc = (await t.call(null, { method: "GET", url: "/api/v1/openapi.json" })).json();
    const routes = registeredRoutes(t.app.printRoutes({ commonPrefix: false })).filter(([, path]) =>
      path.startsWith("/api/v1/"),
    );
    expect(routes.length).toBeGreaterThan(25);
    for (const [method, path] of routes) {
      expect(doc.paths[openApiPath(path)]?.[method.toLowerCase()], `${method} ${path}`).toBeDefined();
    }
  });
});
