import { afterAll, beforeAll, expect, it } from "vitest";
import { seededRandom } from "../http/testing/fuzz-bodies.js";
import { sendChecked } from "./testing/checked-request.js";
import { type Caller, createRobustApp, type RobustApp } from "./testing/create-robust-app.js";
import { BODY_CLASSES, MalformedBodies, type MalformedBody } from "./testing/malformed-bodies.js";
import { type Operation, openApiOperations, operationKey } from "./testing/openapi-operations.js";
import { createFixtures, type Fixtures, fillPath } from "./testing/robust-fixtures.js";
import { robustnessSettings, scaled } from "./testing/robustness-settings.js";
import { RobustnessTally } from "./testing/robustness-tally.js";
import { writeRouteTemplates } from "./testing/write-route-templates.js";

// Every write route of the OpenAPI document × every malformed-body class, on the real app over real stores.
const settings = robustnessSettings();
const PER_ROUTE = scaled(2, settings);
const tally = new RobustnessTally("write-routes");
const templates = writeRouteTemplates();
let robust: RobustApp;
let writes: Operation[] = [];

beforeAll(async () => {
  robust = await createRobustApp();
  writes = (await openApiOperations(robust)).filter((operation) => operation.method !== "GET");
}, 60_000);
afterAll(async () => {
  tally.print();
  await robust.close();
});

it("has a valid body for every write route of the OpenAPI document", () => {
  expect(writes.length).toBeGreaterThan(20);
  expect(writes.map(operationKey).filter((key) => !(key in templates))).toEqual([]);
});

BODY_CLASSES.forEach((bodyClass, classIndex) => {
  it(`${bodyClass}: every write route answers below 500, with the error shape, and a refusal changes nothing (seed ${settings.seed})`, async () => {
    const fixtures = await createFixtures(robust, `c${classIndex}`);
    const bodies = new MalformedBodies(seededRandom(settings.seed + classIndex));
    for (const operation of writes) {
      for (const body of bodies.samples(bodyClass, templates[operationKey(operation)], PER_ROUTE)) {
        await sendBody(operation, fixtures, bodyClass, body);
      }
    }
    const counts = tally.countsOf(bodyClass);
    expect(tally.report(bodyClass), `${bodyClass}: ${JSON.stringify(counts)}`).toEqual([]);
  }, 180_000);
});

async function sendBody(operation: Operation, fixtures: Fixtures, bodyClass: string, body: MalformedBody) {
  const url = fillPath(operation.path, fixtures);
  const headers: Record<string, string> = {};
  if (body.contentType !== undefined) headers["content-type"] = body.contentType;
  // Without the current version these routes stop at 428, before the body is looked at.
  if (operation.ifMatchRequired) headers["if-match"] = await currentEtag(url);
  // SDK routes take an SDK key; control routes the admin token, so the body is all that is wrong.
  const who: Caller = operation.control ? "admin" : "serverSdk";
  const options = { method: operation.method, url, headers, payload: body.payload };
  const response = await sendChecked(robust, tally, bodyClass, { who, options, label: `[${body.label}]` });
  // Config text has no business being 100 kB long: free-text fields need a limit below the body limit (audit D24).
  // Routes without a body (DELETE) ignore what is sent, so only routes with a body template are held to it.
  const takesBody = templates[operationKey(operation)] !== undefined;
  if (
    bodyClass === "huge-strings" &&
    operation.control &&
    takesBody &&
    !takesDocuments(operation) &&
    response.statusCode < 300
  ) {
    tally.unexpected(bodyClass, `${operation.method} ${url} [${body.label}] was accepted (expected 400)`, response);
  }
}

// Routes whose body carries a document rather than config: a SQL migration under review is 100 kB and more (the body
// limit still bounds it).
function takesDocuments(operation: Operation): boolean {
  return operation.method === "POST" && operation.path === "/api/v1/schema-reviews";
}

// The ETag of the document a route changes: the path up to its first parameter (`/flags/{key}`).
async function currentEtag(url: string): Promise<string> {
  const documentUrl = url.split("/").slice(0, 5).join("/");
  const response = await robust.call("admin", { method: "GET", url: documentUrl });
  return String(response.headers["etag"] ?? '"1"');
}
