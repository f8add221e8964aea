import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

describe("the browser build of @switchboard/sdk/remote", () => {
  it("stays within 4 kB min+gzip and carries no evaluator, no rules engine and no Node built-ins", async () => {
    const result = await build({
      stdin: {
        contents: `import { createRemoteClient } from "@switchboard/sdk/remote";
          const c = createRemoteClient({ url: "/", sdkKey: "k" }); console.log(c.isOn("x"), c.value("y", 1));`,
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
      alias: {
        "@switchboard/sdk/remote": `${root}packages/sdk/src/remote/index.ts`,
        "@switchboard/core": `${root}packages/core/src/index.ts`,
      },
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const shipped = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
    expect(shipped.filter((path) => path.includes("packages/core/") || path.includes("node_modules"))).toEqual([]);
    expect(new TextDecoder().decode(code)).not.toMatch(/\bnode:|\bprocess\.|\bBuffer\./);
    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThanOrEqual(4_000);
  });
});
