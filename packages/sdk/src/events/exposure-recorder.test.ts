import type { Exposure } from "@switchboard/core";
import { describe, expect, test } from "vitest";
import { attachExposures, type ExposureOptions } from "./exposure-recorder.js";
import { createTestClient } from "./testing/test-client.js";

function recorded(options: ExposureOptions = {}) {
  const client = createTestClient({ environment: "production", release: "64fd32f" });
  const exposures: Exposure[] = [];
  const detach = attachExposures(client, { enqueue: (exposure) => exposures.push(exposure) }, options);
  return { client, exposures, detach };
}

describe("attachExposures", () => {
  test("records an experiment assignment in the wire format", () => {
    const { client, exposures } = recorded();
    client.isOn("checkout", { id: "u2" });
    expect(exposures).toEqual([
      {
        type: "exposure",
        id: expect.any(String),
        ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        unit: "u2",
        hashAttribute: "id",
        flag: "checkout",
        variation: "treatment",
        ruleId: "rule-exp",
        experiment: "checkout-exp",
        inExperiment: true,
        environment: "production",
        release: "64fd32f",
      },
    ]);
  });

  test("records each unit|flag|variation|rule once per process", () => {
    const { client, exposures } = recorded();
    for (let n = 0; n < 5; n++) client.isOn("checkout", { id: "u2" });
    client.isOn("checkout", { id: "u3" });
    expect(exposures.map((exposure) => exposure.unit)).toEqual(["u2", "u3"]);
  });

  test("forgets the least recently seen key when the dedup memory is full", () => {
    const { client, exposures } = recorded({ dedupSize: 2 });
    for (const id of ["u1", "u2", "u3", "u1", "u3"]) client.isOn("checkout", { id });
    expect(exposures.map((exposure) => exposure.unit)).toEqual(["u1", "u2", "u3", "u1"]);
  });

  test("skips rules that are not experiments by default, and records them in `all` mode", () => {
    const experimentsOnly = recorded();
    experimentsOnly.client.value("banner", "a", { id: "u1", country: "jp" });
    expect(experimentsOnly.exposures).toEqual([]);
    const all = recorded({ exposures: "all" });
    all.client.value("banner", "a", { id: "u1", country: "jp" });
    all.client.value("theme", "dark", { id: "u1" });
    expect(
      all.exposures.map(({ flag, variation, ruleId, inExperiment }) => ({ flag, variation, ruleId, inExperiment })),
    ).toEqual([{ flag: "banner", variation: "b", ruleId: "rule-jp", inExperiment: false }]);
  });

  test("records nothing in `none` mode, without a unit, or after detaching", () => {
    const none = recorded({ exposures: "none" });
    none.client.isOn("checkout", { id: "u2" });
    const some = recorded();
    some.client.isOn("checkout", {});
    some.detach();
    some.client.isOn("checkout", { id: "u2" });
    expect([...none.exposures, ...some.exposures]).toEqual([]);
  });
});
