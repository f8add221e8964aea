import type { SdkPayload } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import type { ClientOptions, EvaluationRecord, PayloadCache } from "./client-types.js";
import { createClient } from "./create-client.js";

const payload: SdkPayload = {
  features: {
    "new-checkout": {
      defaultValue: false,
      variations: [
        { key: "off", value: false },
        { key: "on", value: true },
      ],
      rules: [{ id: "jp", condition: { country: "jp" }, force: true }],
    },
    "search-limit": { defaultValue: 10 },
    theme: {
      defaultValue: "light",
      rules: [
        {
          id: "ab",
          key: "theme-test",
          variations: ["light", "dark"],
          meta: [{ key: "control" }, { key: "treatment" }],
          hashAttribute: "id",
        },
      ],
    },
  },
};

function quiet(options: ClientOptions = {}) {
  const logs: string[] = [];
  const client = createClient({ bootstrap: payload, logger: (line) => logs.push(line), ...options });
  return { client, logs };
}

describe("evaluation", () => {
  it("is synchronous and typed: isOn, value, variation, evaluate", () => {
    const { client } = quiet();
    expect(client.isOn("new-checkout", { country: "jp" })).toBe(true);
    expect(client.isOn("new-checkout", { country: "us" })).toBe(false);
    expect(client.value("search-limit", 5)).toBe(10);
    expect(client.variation("new-checkout", { country: "jp" })).toEqual({
      value: true,
      variation: "on",
      reason: "TARGETING_MATCH",
      ruleId: "jp",
      inExperiment: false,
    });
    expect(client.evaluate("search-limit").value).toBe(10);
  });

  it("serves the default with TYPE_MISMATCH when the served type differs from the default's, and logs once", () => {
    const { client, logs } = quiet();
    expect(client.value("search-limit", "ten")).toBe("ten");
    expect(client.value("search-limit", [1])).toEqual([1]);
    expect(client.value("search-limit", "ten")).toBe("ten");
    expect(client.value("search-limit", null)).toBe(10);
    expect(logs.filter((line) => line.includes("TYPE_MISMATCH"))).toHaveLength(1);
  });

  it("serves defaults with FLAG_NOT_FOUND for unknown flags", () => {
    const { client } = quiet();
    expect(client.value("missing", "fallback")).toBe("fallback");
    expect(client.isOn("missing")).toBe(false);
    expect(client.variation("missing")).toMatchObject({ value: null, reason: "ERROR", errorCode: "FLAG_NOT_FOUND" });
  });

  it("uses the context provider when no context is given, and {} when it has none or throws", () => {
    let provided: unknown = { country: "jp" };
    const { client, logs } = quiet({
      contextProvider: () => {
        if (provided === "throw") throw new Error("boom");
        return provided as Record<string, unknown>;
      },
    });
    expect(client.isOn("new-checkout")).toBe(true);
    expect(client.isOn("new-checkout", { country: "us" })).toBe(false);
    provided = undefined;
    expect(client.isOn("new-checkout")).toBe(false);
    provided = "throw";
    expect(client.isOn("new-checkout")).toBe(false);
    expect(logs.some((line) => line.includes("context provider threw"))).toBe(true);
  });
});

describe("never throwing into the host", () => {
  const hostile: [string, unknown][] = [
    [
      "a getter that throws",
      Object.defineProperty({}, "country", {
        get: () => {
          throw new Error("no");
        },
        enumerable: true,
      }),
    ],
    [
      "a proxy that throws on every access",
      new Proxy(
        {},
        {
          get: () => {
            throw new Error("trap");
          },
          has: () => {
            throw new Error("trap");
          },
          ownKeys: () => {
            throw new Error("trap");
          },
        },
      ),
    ],
    ["null", null],
    ["a string", "jp"],
    ["a number", 42],
    [
      "a cyclic object",
      (() => {
        const o: Record<string, unknown> = { country: "jp" };
        o["self"] = o;
        return o;
      })(),
    ],
  ];
  it.each(hostile)("survives %s as the context", (_name, context) => {
    const { client } = quiet();
    const ctx = context as Record<string, unknown>;
    expect(() => client.isOn("new-checkout", ctx)).not.toThrow();
    expect(() => client.value("theme", "light", ctx)).not.toThrow();
    expect(() => client.variation("theme", ctx)).not.toThrow();
    expect(typeof client.isOn("new-checkout", ctx)).toBe("boolean");
  });

  it("keeps evaluating when an evaluation listener, a change listener or the logger throws", () => {
    const client = createClient({
      bootstrap: payload,
      logger: () => {
        throw new Error("logger down");
      },
    });
    const seen: EvaluationRecord[] = [];
    client.addEvaluationListener(() => {
      throw new Error("listener bug");
    });
    client.addEvaluationListener((record) => seen.push(record));
    client.on("change", () => {
      throw new Error("change bug");
    });
    expect(client.isOn("new-checkout", { country: "jp" })).toBe(true);
    expect(() => client.override("new-checkout", "off")).not.toThrow();
    expect(client.value("missing", 1)).toBe(1);
    expect(seen.map((record) => [record.flagKey, record.result.value])).toEqual([
      ["new-checkout", true],
      ["missing", 1],
    ]);
  });

  it("hands listeners the context it evaluated with, and lets them unsubscribe", () => {
    const { client } = quiet();
    const seen: EvaluationRecord[] = [];
    const off = client.addEvaluationListener((record) => seen.push(record));
    client.isOn("new-checkout", { id: "u1" });
    off();
    client.isOn("new-checkout", { id: "u2" });
    expect(seen.map((record) => record.context)).toEqual([{ id: "u1" }]);
  });
});

describe("ready()", () => {
  it("resolves at once from a bootstrap object or JSON text", async () => {
    expect(await quiet().client.ready()).toEqual({ source: "bootstrap", timedOut: false });
    const fromText = quiet({ bootstrap: JSON.stringify(payload) }).client;
    expect(await fromText.ready()).toEqual({ source: "bootstrap", timedOut: false });
    expect(fromText.value("search-limit", 0)).toBe(10);
  });

  it("resolves from a cache, and with source none when there is nothing to wait for", async () => {
    const cache: PayloadCache = { read: async () => payload, write: async () => undefined };
    const { client } = quiet({ bootstrap: undefined, cache } as ClientOptions);
    expect(await client.ready()).toEqual({ source: "cache", timedOut: false });
    const empty = createClient({ cache: { read: async () => undefined, write: async () => undefined } });
    expect(await empty.ready()).toEqual({ source: "none", timedOut: false });
    expect(await createClient().ready()).toEqual({ source: "none", timedOut: false });
  });

  it("ignores a malformed bootstrap or a cache that fails, reporting an error instead of throwing", async () => {
    const errors: string[] = [];
    const broken = createClient({ bootstrap: "{nope", logger: () => undefined });
    broken.on("error", (error) => errors.push(error.message));
    expect(await broken.ready()).toEqual({ source: "none", timedOut: false });
    const failing: PayloadCache = {
      read: async () => Promise.reject(new Error("disk gone")),
      write: async () => undefined,
    };
    const cached = createClient({ cache: failing, logger: () => undefined });
    expect(await cached.ready()).toEqual({ source: "none", timedOut: false });
  });
});
