import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { invalidInput } from "../cli-error.js";
import { loadScanConfig, parseScanConfig } from "./scan-config.js";
import { scanRepository } from "./scan-repository.js";

const ROOT = fileURLToPath(new URL("../../fixtures/scan-repo", import.meta.url));

describe("scanRepository on the fixture repository", () => {
  it("finds exactly the known references: SDK calls, helpers, constants, enums and patterns, and no trap", async () => {
    const result = scanRepository({ root: ROOT, config: await loadScanConfig(ROOT) });
    const found = result.references.map((r) => `${r.flag} ${r.file}:${r.line} ${r.kind} ${r.via}`);
    expect(found).toEqual([
      "dark-mode cmd/main.go:14 pattern go",
      "new-checkout services/worker.py:7 pattern python",
      "price-test services/worker.py:11 pattern python",
      "beta-banner src/banner.tsx:4 call useFlag",
      "new-checkout src/checkout.ts:7 call isOn",
      "dark-mode src/checkout.ts:14 call value",
      "search-limit src/checkout.ts:15 call value",
      "dark-mode src/flag-keys.ts:2 enum Flag.DarkMode",
      "search-limit src/flag-keys.ts:6 constant FLAGS.searchLimit",
      "price-test src/flag-keys.ts:8 constant PRICE_TEST",
      "search-v2 src/flag-keys.ts:11 constant SEARCH_V2",
      "price-test src/pricing.js:7 call getNumberValue",
      "old-pricing src/pricing.js:8 call getBooleanValue",
    ]);
    // Traps: keys only in comments, lookalike strings, a generic method on an unrelated receiver, an ignored folder.
    const flags = new Set(result.references.map((r) => r.flag));
    for (const trap of [
      "ghost-flag",
      "comment-only",
      "ghost-python",
      "ghost-go",
      "session",
      "ignored-flag",
      "not-a-flag",
    ]) {
      expect(flags.has(trap), trap).toBe(false);
    }
    expect(result.references.some((r) => r.text.includes("new-checkout-button") || r.text.includes("track("))).toBe(
      false,
    );
    expect(result.references.some((r) => r.file.startsWith("generated/"))).toBe(false);
    expect(result.filesScanned).toBe(7);
  });

  it("counts the lines a cleanup would delete at a gating call", async () => {
    const result = scanRepository({ root: ROOT, config: await loadScanConfig(ROOT) });
    const gate = result.references.find((r) => r.flag === "new-checkout" && r.kind === "call");
    expect(gate?.deadLines).toEqual({ on: 0, off: 3 });
    expect(gate?.text).toBe('if (client.isOn("new-checkout", { id: user.id })) {');
  });

  it("narrows to the given paths and adds the server's keys", async () => {
    const config = await loadScanConfig(ROOT);
    const result = scanRepository({ root: ROOT, paths: ["src/flag-keys.ts"], config, knownKeys: ["not-a-flag"] });
    expect(result.references.map((r) => `${r.flag}:${r.line}`)).toEqual(["not-a-flag:3", "search-v2:11"]);
  });

  it("names the field of a bad configuration", () => {
    expect(() => parseScanConfig({ patterns: [{ name: "rb", extensions: [".rb"], regex: "(" }] }, "c.yaml")).toThrow(
      /c\.yaml: patterns\[0\]\.regex/,
    );
    expect(() => parseScanConfig({ keys: "x" }, "c.yaml")).toThrow(
      invalidInput("c.yaml: keys: expected a list of strings").message,
    );
    const custom = parseScanConfig(
      { defaultPatterns: false, patterns: [{ name: "rb", extensions: [".rb"], regex: "feature\\?\\(:FLAG_KEY\\)" }] },
      "c",
    );
    expect(custom.patterns.map((p) => p.name)).toEqual(["rb"]);
  });
});
