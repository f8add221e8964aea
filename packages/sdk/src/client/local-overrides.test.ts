import type { SdkPayload } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { createClient } from "./create-client.js";
import { resolveOverrideValue } from "./local-overrides.js";

const payload: SdkPayload = {
  features: {
    checkout: {
      defaultValue: false,
      variations: [
        { key: "off", value: false },
        { key: "on", value: true },
      ],
    },
    theme: {
      defaultValue: "light",
      rules: [{ id: "ab", key: "t", variations: ["light", "dark"], meta: [{ key: "control" }, { key: "treatment" }] }],
    },
  },
};

describe("resolveOverrideValue", () => {
  it("looks a variation key up in the flag's variations, then in experiment meta, then by index", () => {
    expect(resolveOverrideValue(payload, "checkout", "on")).toBe(true);
    expect(resolveOverrideValue(payload, "theme", "treatment")).toBe("dark");
    expect(resolveOverrideValue(payload, "theme", "0")).toBe("light");
  });

  it("reads other keys as JSON, else as the string itself, also for flags the payload lacks", () => {
    expect(resolveOverrideValue(payload, "unknown", "42")).toBe(42);
    expect(resolveOverrideValue(payload, "unknown", '{"a":1}')).toEqual({ a: 1 });
    expect(resolveOverrideValue(payload, "unknown", "blue")).toBe("blue");
    expect(resolveOverrideValue(payload, "__proto__", "on")).toBe("on");
  });
});

describe("client.override and withOverrides", () => {
  it("forces a variation in this process until removed, and says so with a change event", () => {
    const client = createClient({ bootstrap: payload });
    const changes: string[][] = [];
    client.on("change", ({ keys }) => changes.push(keys));
    client.override("checkout", "on");
    expect(client.variation("checkout")).toEqual({
      value: true,
      variation: "on",
      reason: "STATIC",
      ruleId: "",
      inExperiment: false,
    });
    client.override("checkout", undefined);
    expect(client.isOn("checkout")).toBe(false);
    expect(changes).toEqual([["checkout"], ["checkout"]]);
  });

  it("applies per-evaluation overrides only through the returned reader, ahead of process overrides", () => {
    const client = createClient({ bootstrap: payload });
    client.override("theme", "control");
    const preview = client.withOverrides({ theme: "treatment", checkout: "on" });
    expect(preview.value("theme", "light")).toBe("dark");
    expect(preview.isOn("checkout")).toBe(true);
    expect(preview.evaluate("theme").source).toBe("override");
    expect(client.value("theme", "light")).toBe("light");
    expect(client.isOn("checkout")).toBe(false);
  });

  it("serves the default with TYPE_MISMATCH when an override's value has the wrong type", () => {
    const client = createClient({ bootstrap: payload, logger: () => undefined });
    expect(client.withOverrides({ checkout: "banana" }).value("checkout", false)).toBe(false);
  });
});
