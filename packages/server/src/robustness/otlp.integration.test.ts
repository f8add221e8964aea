import { afterAll, beforeAll, expect, it } from "vitest";
import { seededRandom } from "../http/testing/fuzz-bodies.js";
import { sendChecked } from "./testing/checked-request.js";
import { createRobustApp, type RobustApp } from "./testing/create-robust-app.js";
import { otlpAuditBodies, otlpTemplates } from "./testing/ingest-samples.js";
import { BODY_CLASSES, MalformedBodies } from "./testing/malformed-bodies.js";
import { robustnessSettings, scaled } from "./testing/robustness-settings.js";
import { RobustnessTally } from "./testing/robustness-tally.js";

// OTLP/HTTP JSON exports (traces and logs) with malformed bodies, on the real app over real stores.
const settings = robustnessSettings();
const PER_CLASS = scaled(6, settings);
const tally = new RobustnessTally("otlp");
const templates = otlpTemplates();
let robust: RobustApp;

beforeAll(async () => {
  robust = await createRobustApp();
}, 60_000);
afterAll(async () => {
  tally.print();
  await robust.close();
});

function expectClassHeld(inputClass: string) {
  expect(tally.report(inputClass), `${inputClass}: ${JSON.stringify(tally.countsOf(inputClass))}`).toEqual([]);
}

for (const signal of ["traces", "logs"] as const) {
  BODY_CLASSES.forEach((bodyClass, index) => {
    it(`/v1/${signal} ${bodyClass}: never 5xx, always the error shape`, async () => {
      const inputClass = `${signal} ${bodyClass}`;
      const bodies = new MalformedBodies(seededRandom(settings.seed + index + (signal === "logs" ? 500 : 0)));
      for (const body of bodies.samples(bodyClass, templates[signal], PER_CLASS)) {
        const headers = body.contentType === undefined ? {} : { "content-type": body.contentType };
        const options = { method: "POST" as const, url: `/v1/${signal}`, headers, payload: body.payload };
        await sendChecked(robust, tally, inputClass, { who: "devServerSdk", options, label: `[${body.label}]` });
      }
      expectClassHeld(inputClass);
    }, 120_000);
  });
}

it("the OTLP bodies the audit saw answered 500: never 5xx, always the error shape", async () => {
  const inputClass = "otlp audit bodies";
  for (const body of otlpAuditBodies()) {
    const options = { method: "POST" as const, url: body.url, headers: { "content-type": "application/json" } };
    await sendChecked(robust, tally, inputClass, {
      who: "devServerSdk",
      options: { ...options, payload: body.payload },
      label: `[${body.label}]`,
    });
  }
  expectClassHeld(inputClass);
}, 60_000);
