import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

// A browser bundler resolves `@switchboard/sdk` through the package's `browser` export condition to this entry.
const BROWSER_ENTRY = `${root}packages/sdk/src/browser/index.ts`;

async function bundle(
  app: string,
  entry = `${root}packages/sdk/src/index.ts`,
): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: app, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
    alias: {
      "@switchboard/sdk": entry,
      "@switchboard/core": `${root}packages/core/src/index.ts`,
    },
  });
  return { code: result.outputFiles[0]?.text ?? "", metafile: result.metafile };
}

describe("the browser build of the main entry", () => {
  it("bundles every export for browsers: no Node built-ins, no process, no Buffer", async () => {
    const { code } = await bundle(`export * from "@switchboard/sdk";`);
    expect(code).not.toMatch(/\bnode:|\bprocess\.|\bBuffer\./);
  });

  it("ships only the client and the evaluator to a flags-only app, and keeps the client's own share small", async () => {
    const { metafile } = await bundle(
      `import { createClient } from "@switchboard/sdk"; const c = createClient({ url: "/" }); console.log(c.isOn("x"));`,
    );
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => /packages\/sdk\/src\/(events|openfeature|otel|node|request)\//.test(path))).toEqual(
      [],
    );
    const output = Object.values(metafile.outputs)[0];
    // Listed inputs include modules tree-shaking then dropped; the output's inputs are what ships.
    const shipped = Object.keys(output?.inputs ?? {});
    // The slow paths and model validation's regex parser serve servers and tools, not flag evaluation.
    const slowPaths =
      /node_modules\/(safe-regex2|ret)\/|core\/src\/(evaluate\/(explain|run-experiment)|condition\/(explain|describe-operator|regex-safety))/;
    expect(shipped.filter((path) => slowPaths.test(path))).toEqual([]);
    const sdkBytes = Object.entries(output?.inputs ?? {})
      .filter(([path]) => path.includes("packages/sdk/src/"))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    // 17.5 kB minified since the client reports its state (`status()`) and the server's reasons for refusing it, and
    // resumes its stream after an outage; `npm run bench -- sdk.size` tracks the whole bundle against GrowthBook's.
    expect(sdkBytes).toBeLessThan(17_500);
  });

  it("the browser entry (the package's `browser` condition) ships no payload validator, and is smaller for it", async () => {
    const app = `import { createClient } from "@switchboard/sdk"; const c = createClient({ url: "/" }); console.log(c.isOn("x"));`;
    const browser = await bundle(app, BROWSER_ENTRY);
    const validating = await bundle(app);
    const shipped = Object.keys(Object.values(browser.metafile.outputs)[0]?.inputs ?? {});
    expect(
      shipped.filter((path) => /core\/src\/evaluate\/(validate-payload|payload-shape|parse-payload)\./.test(path)),
    ).toEqual([]);
    expect(shipped.some((path) => path.includes("core/src/evaluate/trusted-payload."))).toBe(true);
    // Nor what its evaluator skips: the regex backtracking check (the server checks patterns on write), the
    // bookkeeping of incremental patches, and the URL overrides and sticky bucketing the client never asks for.
    const skipped =
      /core\/src\/(condition\/star-height|evaluate\/(patchable-table|feature-layers|group-references)|hash\/get-query-string-override)\./;
    expect(shipped.filter((path) => skipped.test(path))).toEqual([]);
    // It follows the server with the platform's EventSource: no update loop, stream reader, SSE parser, backoff,
    // refusal bookkeeping or rate-limited log (docs/sdk.md, "What the browser build does differently").
    const ownLoop =
      /sdk\/src\/client\/(update-loop|server-requests|sse-parser|backoff|server-health|rate-limited-log)\./;
    expect(shipped.filter((path) => ownLoop.test(path))).toEqual([]);
    expect(shipped.some((path) => path.includes("sdk/src/browser/event-source-updates."))).toBe(true);
    const validatingShipped = Object.keys(Object.values(validating.metafile.outputs)[0]?.inputs ?? {});
    expect(validatingShipped.filter((path) => skipped.test(path)).length).toBeGreaterThan(0);
    const { code } = await bundle(`export * from "@switchboard/sdk";`, BROWSER_ENTRY);
    expect(code).not.toMatch(/\bnode:|\bprocess\.|\bBuffer\./);
    // The validator and its shape checks are about 3.7 kB of the minified bundle.
    expect(validating.code.length - browser.code.length).toBeGreaterThan(3_000);
    const manifest = JSON.parse(readFileSync(`${root}packages/sdk/package.json`, "utf8")) as {
      exports: Record<string, Record<string, string>>;
    };
    expect(manifest.exports["."]?.["browser"]).toBe("./dist/browser/index.js");
  });
});
