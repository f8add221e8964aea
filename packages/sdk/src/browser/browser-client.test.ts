import { describe, expect, it } from "vitest";
import { PayloadState, RejectedPayloadError } from "../client/payload-state.js";
import { trustedReader } from "../client/trusted-reader.js";
import { createClient } from "./index.js";

// The browser entry trusts payloads the server validated: a flag that is malformed all the same must answer its
// error result (its default, or the caller's default), never throw into the page, and leave the other flags working.
const MALFORMED = {
  features: {
    good: { defaultValue: true },
    "rules-not-a-list": { defaultValue: "fallback", rules: 7 },
    "rule-not-an-object": { defaultValue: 3, rules: [null, "x"] },
    "bad-condition": { defaultValue: false, rules: [{ condition: { country: { $in: 5 } }, force: true }] },
    "bad-weights": { defaultValue: "a", rules: [{ variations: ["a", "b"], weights: "half", hashAttribute: "id" }] },
  },
};

describe("the browser entry (payloads trusted, evaluation guarded)", () => {
  it("evaluates the good flags of a payload with malformed ones and never throws for the bad ones", () => {
    const client = createClient({ bootstrap: MALFORMED as never, updates: "none" });
    const context = { id: "u1", country: "jp" };
    expect(client.isOn("good", context)).toBe(true);
    for (const key of Object.keys(MALFORMED.features)) {
      expect(() => client.variation(key, context)).not.toThrow();
      expect(() => client.value(key, "caller-default", context)).not.toThrow();
    }
    expect(client.value("rule-not-an-object", 0, context)).toBeTypeOf("number");
    expect(client.isOn("missing", context)).toBe(false);
    expect(client.status().state).toBe("ready");
  });

  it("refuses a payload whose outline is wrong as a whole, keeping the last good one", () => {
    const state = new PayloadState(trustedReader);
    state.replace({ features: { a: { defaultValue: 1 } } }, "server");
    for (const bad of ["{", "[]", '{"features":[]}', "7", '{"features":"x"}']) {
      expect(() => state.replace(bad, "server")).toThrow(RejectedPayloadError);
      expect(state.evaluator.evaluate("a", { attributes: {} }).value).toBe(1);
    }
    const logs: string[] = [];
    const client = createClient({ bootstrap: "not json", updates: "none", logger: (line) => logs.push(line) });
    expect(client.isOn("good")).toBe(false);
    expect(logs.join("\n")).toMatch(/bootstrap ignored: payload rejected: is not valid JSON/);
  });

  it("applies a patch with a malformed flag: that flag answers its error result, the others are kept", () => {
    const state = new PayloadState(trustedReader);
    state.replace({ features: { a: { defaultValue: 1 }, b: { defaultValue: "x" } } }, "server");
    expect(state.patch({ features: { b: { defaultValue: "y", rules: 7 } } }, "server")).toEqual(["b"]);
    expect(state.evaluator.evaluate("a", { attributes: {} }).value).toBe(1);
    const b = state.evaluator.evaluate("b", { attributes: {} });
    expect(["y", null]).toContain(b.value);
  });
});
