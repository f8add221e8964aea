import { compileFlagSet, type Flag } from "@switchboard/core";
import { describe, expect, it } from "vitest";
import { FakeConfigStore } from "../store/fake-config-store.js";
import type { Audience } from "./compiled-payload.js";
import { encodeBody } from "./compiled-payload.js";
import { loadFlagSetSnapshot } from "./flag-set-snapshot.js";
import { PayloadService } from "./payload-service.js";
import { seedStore, setEnabled } from "./testing/sdk-test-support.js";

const AUDIENCES: Audience[] = ["server", "client"];

/** The bytes and ETag a full compile of the store's current flag set gives. */
async function fullCompile(store: FakeConfigStore, audience: Audience): Promise<{ json: string; etag: string }> {
  const snapshot = await loadFlagSetSnapshot(store);
  const json = JSON.stringify(
    compileFlagSet(snapshot.flagSet, "production", { clientVisibleOnly: audience === "client" }),
  );
  return { json, etag: encodeBody(Buffer.from(json)).etag };
}

async function writeFlag(store: FakeConfigStore, key: string, body: Flag): Promise<void> {
  const existing = await store.getDocument("flag", key);
  const change = { actor: "test", action: "flag.update" };
  if (existing) await store.replaceDocument("flag", key, existing.version, body, change);
  else await store.createDocument("flag", key, body, change);
}

describe("PayloadService", () => {
  it("splices flag-only changes into the previous payload with the bytes and ETag of a full compile", async () => {
    const store = new FakeConfigStore();
    await seedStore(store);
    const service = new PayloadService(store);
    for (const audience of AUDIENCES) await service.latest("production", audience);
    const steps: (() => Promise<void>)[] = [
      () => setEnabled(store, "new-checkout", false),
      () =>
        writeFlag(store, "gate", {
          type: "boolean",
          defaultVariation: "on",
          clientVisible: true,
          environments: {
            production: {
              rules: [{ id: "r", kind: "force", serve: "off", prerequisites: [{ flag: "search-limit", is: "ten" }] }],
            },
          },
        }),
      () =>
        writeFlag(store, "search-limit", {
          type: "number",
          variations: [
            { key: "ten", value: 11 },
            { key: "fifty", value: 50 },
          ],
          defaultVariation: "ten",
        }),
      () => setEnabled(store, "new-checkout", true),
    ];
    for (const step of steps) {
      await step();
      for (const audience of AUDIENCES) {
        const compiled = await service.latest("production", audience);
        // beta-banner is never written and names no prerequisite: a splice leaves it alone.
        expect(compiled.parts.recompiled, audience).not.toContain("beta-banner");
        const expected = await fullCompile(store, audience);
        expect(compiled.body.bytes.toString(), audience).toBe(expected.json);
        expect(compiled.body.etag).toBe(expected.etag);
      }
    }
    service.close();
  });

  it("patches a flag whose prerequisite's value changed along with that prerequisite", async () => {
    const store = new FakeConfigStore();
    await seedStore(store);
    const gate: Flag = {
      type: "boolean",
      defaultVariation: "on",
      environments: {
        production: {
          rules: [{ id: "r", kind: "force", serve: "off", prerequisites: [{ flag: "search-limit", is: "ten" }] }],
        },
      },
    };
    await writeFlag(store, "gate", gate);
    const service = new PayloadService(store);
    const before = await service.latest("production", "server");
    await writeFlag(store, "search-limit", {
      type: "number",
      variations: [
        { key: "ten", value: 12 },
        { key: "fifty", value: 50 },
      ],
      defaultVariation: "ten",
    });
    const after = await service.latest("production", "server");
    const delta = await service.deltaSince(before.seq, after);
    expect(delta.kind === "patch" ? Object.keys(delta.features) : delta.kind).toEqual(["gate", "search-limit"]);
    service.close();
  });
});
