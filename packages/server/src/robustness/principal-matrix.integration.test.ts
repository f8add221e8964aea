import { afterAll, beforeAll, expect, it } from "vitest";
import { sendChecked } from "./testing/checked-request.js";
import { type Caller, createRobustApp, type RobustApp } from "./testing/create-robust-app.js";
import { expectedAnswer, meetsExpectation } from "./testing/expected-answer.js";
import { openApiOperations, operationKey } from "./testing/openapi-operations.js";
import { createFixtures, type Fixtures, fillPath } from "./testing/robust-fixtures.js";
import { RobustnessTally } from "./testing/robustness-tally.js";
import { type DeclaredRoute, declaredRoutes } from "./testing/route-spec-table.js";
import { writeRouteTemplates } from "./testing/write-route-templates.js";

// Every control route × every kind of caller; the expected answer comes from the role the route spec declares.
// Callers are ordered least privileged first, so a write the admin makes cannot change what others were tested on.
const CALLERS: readonly Caller[] = [
  "none",
  "badToken",
  "clientSdk",
  "serverSdk",
  "devServerSdk",
  "support",
  "viewer",
  "editor",
  "admin",
];
const tally = new RobustnessTally("principal-matrix");
const templates = writeRouteTemplates();
let robust: RobustApp;
let routes: DeclaredRoute[] = [];
let fixtures: Fixtures;

beforeAll(async () => {
  robust = await createRobustApp();
  routes = await declaredRoutes(robust);
  fixtures = await createFixtures(robust, "matrix");
}, 60_000);
afterAll(async () => {
  tally.print();
  await robust.close();
});

it("documents exactly the control routes of the route specs in the OpenAPI document", async () => {
  const documented = (await openApiOperations(robust)).filter((operation) => operation.control).map(operationKey);
  expect(documented.sort()).toEqual(routes.map(operationKey).sort());
});

it("declares the support role on the customer lookup and `GET /me` only: a support token can change no configuration", () => {
  const support = routes.filter((route) => route.role === "support").map(operationKey);
  expect(support.sort()).toEqual([
    "DELETE /api/v1/customers/{unit}/previews/{id}",
    "GET /api/v1/customers",
    "GET /api/v1/customers/{unit}",
    "GET /api/v1/customers/{unit}/events",
    "GET /api/v1/customers/{unit}/previews",
    "GET /api/v1/me",
    "POST /api/v1/customers/{unit}/previews",
  ]);
});

for (const caller of CALLERS) {
  it(`${caller}: every control route answers as its declared role says`, async () => {
    const inputClass = `caller ${caller}`;
    for (const route of routes) {
      const expected = expectedAnswer(caller, route.role);
      const body = templates[operationKey(route)];
      const options = {
        method: route.method,
        url: fillPath(route.path, fixtures),
        ...(body === undefined || route.method === "GET" ? {} : { payload: JSON.stringify(body) }),
        headers: { "content-type": "application/json" },
      };
      const label = `[declared ${route.role}, expected ${expected}]`;
      const response = await sendChecked(robust, tally, inputClass, { who: caller, options, label });
      if (!meetsExpectation(response.statusCode, expected)) {
        tally.unexpected(inputClass, `${route.method} ${route.path} ${label}`, response);
      }
    }
    expect(tally.report(inputClass), `${inputClass}: ${JSON.stringify(tally.countsOf(inputClass))}`).toEqual([]);
  }, 120_000);
}
