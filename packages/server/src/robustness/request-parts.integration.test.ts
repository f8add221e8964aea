import { afterAll, beforeAll, expect, it } from "vitest";
import { seededRandom } from "../http/testing/fuzz-bodies.js";
import { sendChecked } from "./testing/checked-request.js";
import { createRobustApp, type RobustApp } from "./testing/create-robust-app.js";
import { MalformedBodies } from "./testing/malformed-bodies.js";
import { PATH_PARAM_VALUES, QUERY_STRINGS, REASON_HEADERS } from "./testing/malformed-requests.js";
import { type Operation, openApiOperations, operationKey } from "./testing/openapi-operations.js";
import { createFixtures, type Fixtures, fillPath } from "./testing/robust-fixtures.js";
import { robustnessSettings, scaled } from "./testing/robustness-settings.js";
import { RobustnessTally } from "./testing/robustness-tally.js";
import { writeRouteTemplates } from "./testing/write-route-templates.js";

// The parts of a request around the body: path parameters, query strings and X-Change-Reason, on every control
// route of the OpenAPI document (reads included: a path parameter reaches the store on a GET too).
const settings = robustnessSettings();
const tally = new RobustnessTally("request-parts");
const templates = writeRouteTemplates();
let robust: RobustApp;
let operations: Operation[] = [];

beforeAll(async () => {
  robust = await createRobustApp();
  operations = (await openApiOperations(robust)).filter((operation) => operation.control);
}, 60_000);
afterAll(async () => {
  tally.print();
  await robust.close();
});

function bodyOf(operation: Operation): { payload?: string; headers: Record<string, string> } {
  const body = templates[operationKey(operation)];
  if (operation.method === "GET" || body === undefined) return { headers: {} };
  return { payload: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

function expectClassHeld(inputClass: string) {
  expect(tally.report(inputClass), `${inputClass}: ${JSON.stringify(tally.countsOf(inputClass))}`).toEqual([]);
}

it("path parameters (%00, %zz, 5,000 characters, traversal, bad encodings) on every route that has one", async () => {
  const inputClass = "path parameters";
  const fixtures = await createFixtures(robust, "paths");
  for (const operation of operations.filter((o) => o.path.includes("{"))) {
    const params = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
    // The three values the audit names on every route, plus a seeded sample of the others (all from scale 4 up).
    const others = new MalformedBodies(seededRandom(settings.seed + operations.indexOf(operation)));
    const values = [
      ...PATH_PARAM_VALUES.slice(0, 3),
      ...others.shuffled(PATH_PARAM_VALUES.slice(3)).slice(0, scaled(2)),
    ];
    for (const value of values) {
      // One parameter abused at a time; the others name live documents.
      for (const abused of params) {
        const base = fillPath(operation.path, fixtures);
        const url = fillPath(operation.path, fixtures, (param) =>
          param === abused ? value : (base.split("/")[operation.path.split("/").indexOf(`{${param}}`)] ?? ""),
        );
        const { payload, headers } = bodyOf(operation);
        const options = { method: operation.method, url, headers, ...(payload === undefined ? {} : { payload }) };
        await sendChecked(robust, tally, inputClass, {
          who: "admin",
          options,
          label: `[${abused}=${value.slice(0, 30)}]`,
        });
      }
    }
  }
  expectClassHeld(inputClass);
}, 180_000);

it("query strings (negative, huge and NaN limits, repeated keys, %00, %zz, 20,000 characters) on every list route", async () => {
  const inputClass = "query strings";
  const fixtures = await createFixtures(robust, "query");
  for (const operation of operations.filter((o) => o.method === "GET")) {
    for (const query of QUERY_STRINGS) {
      const url = `${fillPath(operation.path, fixtures)}?${query}`;
      await sendChecked(robust, tally, inputClass, { who: "viewer", options: { method: "GET", url }, label: "" });
    }
  }
  expectClassHeld(inputClass);
}, 120_000);

it("X-Change-Reason with NUL, lone surrogates, broken escapes and 5,000 characters on every write route", async () => {
  const inputClass = "X-Change-Reason";
  // The list is ordered by what the audit found first; the default scale takes the first four.
  for (const [index, reason] of REASON_HEADERS.slice(0, scaled(4, settings)).entries()) {
    // Fresh documents per value: a reason that was accepted may have archived or deleted the previous ones.
    const fixtures: Fixtures = await createFixtures(robust, `reason${index}`);
    for (const operation of operations.filter((o) => o.method !== "GET")) {
      const { payload, headers } = bodyOf(operation);
      const url = fillPath(operation.path, fixtures);
      const options = {
        method: operation.method,
        url,
        headers: { ...headers, "x-change-reason": reason },
        ...(payload === undefined ? {} : { payload }),
      };
      await sendChecked(robust, tally, inputClass, {
        who: "editor",
        options,
        label: `[reason=${reason.slice(0, 30)}]`,
      });
    }
  }
  expectClassHeld(inputClass);
}, 180_000);
