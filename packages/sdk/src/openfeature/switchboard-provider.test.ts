import { OpenFeature, ProviderEvents } from "@openfeature/server-sdk";
import type { FeatureResult, SdkPayload } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import type { Context } from "../client/client-types.js";
import { FakeClient } from "./conformance/fake-client.js";
import { toSwitchboardContext } from "./map-context.js";
import { SwitchboardProvider } from "./switchboard-provider.js";

const onOff = [
  { key: "on", value: true },
  { key: "off", value: false },
];

const payload: SdkPayload = {
  features: {
    everyone: { defaultValue: false, variations: onOff, rules: [{ force: true }] },
    nobody: { defaultValue: false, variations: onOff },
    staff: {
      defaultValue: false,
      variations: onOff,
      rules: [{ id: "r-staff", condition: { staff: true }, force: true }],
    },
    killed: { defaultValue: true, variations: onOff, disabled: true },
    color: { defaultValue: "red", rules: [{ force: "blue" }] },
    limit: { defaultValue: 10 },
    layout: { defaultValue: { columns: 2 } },
    nothing: { defaultValue: null },
    checkout: {
      defaultValue: "old",
      variations: [
        { key: "control", value: "old" },
        { key: "treatment", value: "new" },
      ],
      rules: [
        {
          id: "r-exp",
          key: "checkout-test",
          variations: ["old", "new"],
          weights: [0, 1],
          hashAttribute: "id",
          meta: [{ key: "control" }, { key: "treatment" }],
        },
      ],
    },
  },
};

/** A client whose every evaluation answers `result`, for the codes no payload produces. */
class AnsweringClient extends FakeClient {
  constructor(readonly answer: FeatureResult | Error) {
    super({});
  }
  override evaluate(_key: string, _context?: Context): FeatureResult {
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

const errorResult = (errorCode: FeatureResult["errorCode"]): FeatureResult => ({
  value: null,
  on: false,
  off: true,
  source: "unknownFeature",
  ruleId: "",
  reason: "ERROR",
  errorCode,
  variationId: null,
  variationKey: null,
  inExperiment: false,
});

const provider = new SwitchboardProvider(new FakeClient(payload));

describe("SwitchboardProvider maps every reason", () => {
  it("serves an unconditional rule as STATIC with its variant and no metadata", async () => {
    const details = await provider.resolveBooleanEvaluation("everyone", false, {});
    expect(details).toEqual({ value: true, variant: "on", reason: "STATIC", flagMetadata: {} });
  });

  it("serves the default variation as DEFAULT", async () => {
    expect(await provider.resolveBooleanEvaluation("nobody", true, {})).toMatchObject({
      value: false,
      variant: "off",
      reason: "DEFAULT",
    });
  });

  it("serves a matching rule as TARGETING_MATCH with its rule id in the metadata", async () => {
    const details = await provider.resolveBooleanEvaluation("staff", false, { staff: true });
    expect(details).toEqual({
      value: true,
      variant: "on",
      reason: "TARGETING_MATCH",
      flagMetadata: { ruleId: "r-staff", inExperiment: false },
    });
  });

  it("serves an experiment as SPLIT with the experiment in the metadata", async () => {
    const details = await provider.resolveStringEvaluation("checkout", "old", { targetingKey: "u1" });
    expect(details).toMatchObject({ value: "new", variant: "treatment", reason: "SPLIT" });
    expect(details.flagMetadata).toEqual({ ruleId: "r-exp", inExperiment: true, experimentKey: "checkout-test" });
  });

  it("serves a killed flag as DISABLED with the caller's default, or the flag's default when configured", async () => {
    expect(await provider.resolveBooleanEvaluation("killed", false, {})).toEqual({
      value: false,
      reason: "DISABLED",
      flagMetadata: {},
    });
    const flagDefault = new SwitchboardProvider(new FakeClient(payload), { disabledValue: "flag" });
    expect(await flagDefault.resolveBooleanEvaluation("killed", false, {})).toMatchObject({
      value: true,
      variant: "on",
      reason: "DISABLED",
    });
  });

  it("answers an unknown flag with the default, ERROR and FLAG_NOT_FOUND", async () => {
    const details = await provider.resolveStringEvaluation("missing", "fallback", {});
    expect(details).toMatchObject({ value: "fallback", reason: "ERROR", errorCode: "FLAG_NOT_FOUND" });
    expect(details.errorMessage).toContain("missing");
    expect(details.variant).toBeUndefined();
  });

  it.each(["PARSE_ERROR", "GENERAL", "TYPE_MISMATCH"] as const)(
    "passes the client's %s through with the default",
    async (code) => {
      const answering = new SwitchboardProvider(new AnsweringClient(errorResult(code)));
      expect(await answering.resolveNumberEvaluation("any", 7, {})).toMatchObject({
        value: 7,
        reason: "ERROR",
        errorCode: code,
      });
    },
  );

  it("turns a client that throws into GENERAL instead of throwing", async () => {
    const throwing = new SwitchboardProvider(new AnsweringClient(new Error("boom")));
    const details = await throwing.resolveBooleanEvaluation("any", true, {});
    expect(details).toMatchObject({ value: true, reason: "ERROR", errorCode: "GENERAL" });
    expect(details.errorMessage).toContain("boom");
  });
});

describe("SwitchboardProvider checks the requested type", () => {
  it.each([
    ["boolean", "color", true],
    ["string", "everyone", "x"],
    ["number", "color", 1],
    ["object", "limit", {}],
    ["object", "nothing", {}],
  ] as const)("asking for a %s of flag %s gives TYPE_MISMATCH and the default", async (type, key, fallback) => {
    const resolve = {
      boolean: () => provider.resolveBooleanEvaluation(key, fallback as boolean, {}),
      string: () => provider.resolveStringEvaluation(key, fallback as string, {}),
      number: () => provider.resolveNumberEvaluation(key, fallback as number, {}),
      object: () => provider.resolveObjectEvaluation(key, fallback as Record<string, never>, {}),
    }[type];
    const details = await resolve();
    expect(details).toMatchObject({ value: fallback, reason: "ERROR", errorCode: "TYPE_MISMATCH" });
    expect(details.errorMessage).toContain(type);
  });

  it("serves each type when it matches", async () => {
    expect((await provider.resolveStringEvaluation("color", "", {})).value).toBe("blue");
    expect((await provider.resolveNumberEvaluation("limit", 0, {})).value).toBe(10);
    expect((await provider.resolveObjectEvaluation("layout", {}, {})).value).toEqual({ columns: 2 });
  });
});

describe("context mapping", () => {
  it("turns targetingKey into id and copies the other fields", () => {
    const context = { targetingKey: "u1", country: "jp", staff: true };
    expect(toSwitchboardContext(context)).toEqual({ id: "u1", country: "jp", staff: true });
    expect(context).toEqual({ targetingKey: "u1", country: "jp", staff: true });
  });

  it("uses the configured attribute and lets targetingKey win over a field of that name", () => {
    expect(toSwitchboardContext({ targetingKey: "d1", deviceId: "other" }, "deviceId")).toEqual({ deviceId: "d1" });
  });

  it("writes dates as ISO strings, nested too", () => {
    const at = new Date("2026-01-02T03:04:05.000Z");
    expect(toSwitchboardContext({ signup: at, history: [at], account: { at } })).toEqual({
      signup: at.toISOString(),
      history: [at.toISOString()],
      account: { at: at.toISOString() },
    });
  });

  it("passes the mapped context to the client", async () => {
    const client = new FakeClient(payload);
    await new SwitchboardProvider(client, { targetingKeyAttribute: "userId" }).resolveBooleanEvaluation(
      "staff",
      false,
      {
        targetingKey: "u9",
        plan: "pro",
      },
    );
    expect(client.evaluated.at(-1)?.context).toEqual({ userId: "u9", plan: "pro" });
  });
});

describe("SwitchboardProvider events", () => {
  it("relays changes with the changed keys, a stale client, and its recovery", async () => {
    const client = new FakeClient(payload);
    const watched = new SwitchboardProvider(client);
    const seen: unknown[] = [];
    for (const event of [ProviderEvents.ConfigurationChanged, ProviderEvents.Stale, ProviderEvents.Ready]) {
      watched.events.addHandler(event, (details) => seen.push([event, details?.flagsChanged ?? details?.message]));
    }
    await watched.initialize();
    client.setPayload(payload, ["staff", "color"]);
    client.emit("error", { message: "stream down" });
    client.emit("error", { message: "still down" });
    client.setPayload(payload, ["color"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([
      [ProviderEvents.ConfigurationChanged, ["staff", "color"]],
      [ProviderEvents.Stale, "stream down"],
      [ProviderEvents.Ready, undefined],
      [ProviderEvents.ConfigurationChanged, ["color"]],
    ]);
  });

  it("fails initialization when no payload arrived in time, and turns ready when one does", async () => {
    const client = new FakeClient({}, { ready: "later" });
    client.resolveReady({ source: "none", timedOut: true });
    const late = new SwitchboardProvider(client);
    await expect(late.initialize()).rejects.toThrow(/no payload/);
    const ready: unknown[] = [];
    late.events.addHandler(ProviderEvents.Ready, () => ready.push("ready"));
    client.emit("ready", { source: "server", timedOut: false });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ready).toEqual(["ready"]);
  });

  it("closes the client on close unless told not to", async () => {
    const client = new FakeClient(payload);
    await new SwitchboardProvider(client).onClose();
    expect(client.closed).toBe(true);
    const kept = new FakeClient(payload);
    await new SwitchboardProvider(kept, { closeClient: false }).onClose();
    expect(kept.closed).toBe(false);
  });

  it("reports READY through the SDK once initialized", async () => {
    await OpenFeature.setProviderAndWait("provider-events", new SwitchboardProvider(new FakeClient(payload)));
    expect(OpenFeature.getClient("provider-events").providerStatus).toBe("READY");
    await OpenFeature.clearProviders();
  });
});
