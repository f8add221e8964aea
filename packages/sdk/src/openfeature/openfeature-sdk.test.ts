import { OpenFeature } from "@openfeature/server-sdk";
import { OpenFeature as WebOpenFeature } from "@openfeature/web-sdk";
import type { SdkPayload } from "@switchboard/core";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../client/create-client.js";
import { SwitchboardProvider } from "./switchboard-provider.js";
import { SwitchboardWebProvider } from "./switchboard-web-provider.js";

const payload: SdkPayload = {
  features: {
    "new-checkout": {
      defaultValue: false,
      variations: [
        { key: "off", value: false },
        { key: "on", value: true },
      ],
      rules: [{ id: "r-jp", condition: { country: "jp" }, force: true }],
    },
  },
};

afterEach(async () => {
  await OpenFeature.clearProviders();
  await WebOpenFeature.clearProviders();
});

describe("the OpenFeature SDKs with the Switchboard client", () => {
  it("server SDK: details come from the local payload with the call's context", async () => {
    const client = createClient({ bootstrap: payload, updates: "none" });
    await OpenFeature.setProviderAndWait(new SwitchboardProvider(client));
    const flags = OpenFeature.getClient();
    const matched = await flags.getBooleanDetails("new-checkout", false, { targetingKey: "u1", country: "jp" });
    expect(matched).toMatchObject({
      value: true,
      variant: "on",
      reason: "TARGETING_MATCH",
      flagMetadata: { ruleId: "r-jp" },
    });
    const other = await flags.getBooleanDetails("new-checkout", true, { targetingKey: "u2", country: "us" });
    expect(other).toMatchObject({ value: false, variant: "off", reason: "DEFAULT" });
    expect(await flags.getStringDetails("new-checkout", "x")).toMatchObject({ value: "x", errorCode: "TYPE_MISMATCH" });
    expect(await flags.getBooleanDetails("unknown", true)).toMatchObject({ value: true, errorCode: "FLAG_NOT_FOUND" });
  });

  it("server SDK: every evaluation reaches the client's evaluation listeners with the mapped context", async () => {
    const client = createClient({ bootstrap: payload, updates: "none" });
    const seen: unknown[] = [];
    client.addEvaluationListener((record) => seen.push([record.flagKey, record.context]));
    await OpenFeature.setProviderAndWait(new SwitchboardProvider(client));
    await OpenFeature.getClient().getBooleanValue("new-checkout", false, { targetingKey: "u1", country: "jp" });
    expect(seen).toEqual([["new-checkout", { id: "u1", country: "jp" }]]);
  });

  it("web SDK: evaluation is synchronous and follows the static context", async () => {
    const client = createClient({ bootstrap: payload, updates: "none" });
    await WebOpenFeature.setProviderAndWait(new SwitchboardWebProvider(client), { targetingKey: "u1", country: "us" });
    const flags = WebOpenFeature.getClient();
    expect(flags.getBooleanDetails("new-checkout", true)).toMatchObject({ value: false, reason: "DEFAULT" });
    await WebOpenFeature.setContext({ targetingKey: "u1", country: "jp" });
    expect(flags.getBooleanDetails("new-checkout", false)).toMatchObject({
      value: true,
      variant: "on",
      reason: "TARGETING_MATCH",
    });
  });
});
