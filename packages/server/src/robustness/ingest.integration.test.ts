import { afterAll, beforeAll, expect, it } from "vitest";
import { seededRandom } from "../http/testing/fuzz-bodies.js";
import { sendChecked } from "./testing/checked-request.js";
import { type Caller, createRobustApp, type RobustApp } from "./testing/create-robust-app.js";
import { checkAcknowledged, eventIdsOf } from "./testing/ingest-checks.js";
import { storeEdgeItems, validEvent, validExposure } from "./testing/ingest-samples.js";
import { BODY_CLASSES, MalformedBodies } from "./testing/malformed-bodies.js";
import { IDEMPOTENCY_KEYS } from "./testing/malformed-requests.js";
import { robustnessSettings, scaled } from "./testing/robustness-settings.js";
import { RobustnessTally } from "./testing/robustness-tally.js";

// Event ingest (JSON arrays and NDJSON) with malformed bodies and items, on the real app over real stores.
const settings = robustnessSettings();
const PER_CLASS = scaled(6, settings);
const tally = new RobustnessTally("ingest");
const ENVIRONMENT_OF: Partial<Record<Caller, string>> = {
  serverSdk: "production",
  clientSdk: "production",
  devServerSdk: "development",
};
let robust: RobustApp;
let sequence = 0;

beforeAll(async () => {
  robust = await createRobustApp();
}, 60_000);
afterAll(async () => {
  tally.print();
  await robust.close();
});

interface Batch {
  inputClass: string;
  label: string;
  payload: string | Buffer;
  contentType: string | undefined;
  who?: Caller;
  headers?: Record<string, string>;
}

// Ids are placeholders in the generated bodies, made unique per request so an acknowledged batch can be found.
function uniqueIds(payload: string | Buffer): string | Buffer {
  const run = `r${sequence++}`;
  const replace = (text: string) => text.replace(/__id(\d)__/g, (_, n: string) => `${run}-${n}`);
  return typeof payload === "string" ? replace(payload) : Buffer.from(replace(payload.toString("latin1")), "latin1");
}

async function sendBatch(batch: Batch) {
  const who = batch.who ?? "serverSdk";
  const payload = uniqueIds(batch.payload);
  const headers = {
    ...batch.headers,
    ...(batch.contentType === undefined ? {} : { "content-type": batch.contentType }),
  };
  const options = { method: "POST" as const, url: "/api/v1/events", headers, payload };
  const description = `POST /api/v1/events (${batch.contentType ?? "no type"}) [${batch.label}]`;
  const response = await sendChecked(robust, tally, batch.inputClass, { who, options, label: `[${batch.label}]` });
  const ids = eventIdsOf(payload, batch.contentType === "application/x-ndjson");
  await checkAcknowledged(
    robust,
    tally,
    batch.inputClass,
    { description, environment: ENVIRONMENT_OF[who] ?? "", ids },
    response,
  );
  return response;
}

function expectClassHeld(inputClass: string) {
  expect(tally.report(inputClass), `${inputClass}: ${JSON.stringify(tally.countsOf(inputClass))}`).toEqual([]);
}

BODY_CLASSES.forEach((bodyClass, index) => {
  it(`JSON ${bodyClass}: never 5xx, always the error shape, nothing acknowledged lost`, async () => {
    const inputClass = `json ${bodyClass}`;
    const template = [validEvent("__id0__"), validEvent("__id1__"), validExposure("__id2__")];
    for (const body of new MalformedBodies(seededRandom(settings.seed + index)).samples(
      bodyClass,
      template,
      PER_CLASS,
    )) {
      await sendBatch({ inputClass, ...body });
    }
    expectClassHeld(inputClass);
  }, 120_000);

  it(`NDJSON ${bodyClass}: never 5xx, always the error shape, nothing acknowledged lost`, async () => {
    const inputClass = `ndjson ${bodyClass}`;
    const good = JSON.stringify(validEvent("__id0__"));
    const bodies = new MalformedBodies(seededRandom(settings.seed + 100 + index));
    for (const body of bodies.samples(bodyClass, validEvent("__id1__"), PER_CLASS)) {
      const isJson = body.contentType === "application/json";
      const payload =
        typeof body.payload === "string"
          ? `${good}\n${body.payload}\n`
          : Buffer.concat([Buffer.from(`${good}\n`), body.payload]);
      await sendBatch({
        inputClass,
        label: body.label,
        payload,
        contentType: isJson ? "application/x-ndjson" : body.contentType,
      });
    }
    expectClassHeld(inputClass);
  }, 120_000);
});

it("store edge items (pass validation, may be refused by DuckDB): never 5xx, acknowledged items kept", async () => {
  const inputClass = "store-edge items";
  for (const [index, edge] of storeEdgeItems("edge").entries()) {
    const line = edge.raw ?? JSON.stringify(edge.item);
    const json = { inputClass, label: `JSON ${edge.label}`, payload: `[${line}]`, contentType: "application/json" };
    await sendBatch({
      ...json,
      payload: json.payload.replace(/"id":"edge-/, `"id":"edge-j${index}-`),
      who: "devServerSdk",
    });
    const ndjson = {
      inputClass,
      label: `NDJSON ${edge.label}`,
      payload: `${line.replace(/"id":"edge-/, `"id":"edge-n${index}-`)}\n`,
    };
    await sendBatch({ ...ndjson, contentType: "application/x-ndjson", who: "devServerSdk" });
  }
  expectClassHeld(inputClass);
}, 120_000);

it("a poisoned batch from a client key does not fail good batches of other environments sent at the same time", async () => {
  const inputClass = "poisoned group commit";
  const good = (n: number, poison: string) =>
    sendBatch({
      inputClass,
      label: `good batch ${n} beside poison ${poison}`,
      payload: JSON.stringify([validEvent("__id0__"), validEvent("__id1__")]),
      contentType: "application/json",
      who: "devServerSdk",
    });
  for (const edge of storeEdgeItems("poison").slice(0, scaled(6, settings))) {
    // Good batches on both sides of the poison, so it shares a group commit with some of them (audit D1).
    const before = Array.from({ length: 5 }, (_, n) => good(n, edge.label));
    const poison = sendBatch({
      inputClass,
      label: `poison ${edge.label}`,
      payload: `${edge.raw ?? JSON.stringify(edge.item)}\n`,
      contentType: "application/x-ndjson",
      who: "clientSdk",
    });
    const after = Array.from({ length: 5 }, (_, n) => good(n + 5, edge.label));
    await Promise.all([...before, poison, ...after]);
  }
  expectClassHeld(inputClass);
}, 120_000);

it("odd Idempotency-Keys: never 5xx; a key used in one environment does not drop another's batch", async () => {
  const inputClass = "idempotency keys";
  for (const key of IDEMPOTENCY_KEYS) {
    const payload = JSON.stringify([validEvent("__id0__")]);
    await sendBatch({
      inputClass,
      label: `Idempotency-Key=${JSON.stringify(key)}`,
      payload,
      contentType: "application/json",
      headers: { "idempotency-key": key },
    });
  }
  const shared = `shared-key-${settings.seed}`;
  for (const who of ["devServerSdk", "serverSdk"] as const) {
    const payload = JSON.stringify([validEvent("__id0__")]);
    const label = `Idempotency-Key=${shared} reused by ${who}`;
    await sendBatch({
      inputClass,
      label,
      payload,
      contentType: "application/json",
      who,
      headers: { "idempotency-key": shared },
    });
  }
  expectClassHeld(inputClass);
}, 60_000);
