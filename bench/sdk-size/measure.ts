import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Reporter } from "../lib/bench-types.js";
import { formatMeasurement, measurementOf } from "../lib/measurement.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A browser app that only uses flags: what the ≤ 12 kB min+gzip target is about. */
const FLAGS_ONLY_APP = `
import { createClient } from "@switchboard/sdk";
const client = createClient({ url: "https://flags.example.com", sdkKey: "sb_client_example", cache: true });
client.ready({ timeoutMs: 1500 }).then(() => {
  document.body.dataset.checkout = String(client.isOn("new-checkout", { id: "u1" }));
  client.on("change", () => { document.body.dataset.limit = String(client.value("search-limit", 10)); });
});
`;

/** The size of the flags-only browser bundle and the modules that went into it. */
export interface SdkSize {
  minBytes: number;
  gzipBytes: number;
  inputs: string[];
  /** Minified bytes per part (`sdk`, `core`, or a dependency's package name), largest first. */
  parts: [string, number][];
}

/** Bundles the flags-only app for browsers from the sources (esbuild, minified ESM) and measures it. */
export async function measureSdkSize(app: string = FLAGS_ONLY_APP): Promise<SdkSize> {
  const result = await build({
    stdin: { contents: app, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    alias: {
      "@switchboard/sdk": `${root}packages/sdk/src/index.ts`,
      "@switchboard/core": `${root}packages/core/src/index.ts`,
    },
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  return {
    minBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
    parts: partsOf(output?.inputs ?? {}),
  };
}

function partsOf(inputs: Record<string, { bytesInOutput: number }>): [string, number][] {
  const parts = new Map<string, number>();
  for (const [path, input] of Object.entries(inputs)) {
    const part = partOf(path);
    parts.set(part, (parts.get(part) ?? 0) + input.bytesInOutput);
  }
  return [...parts].sort((a, b) => b[1] - a[1]);
}

function partOf(path: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency !== null) return dependency[1] as string;
  const own = /^packages\/([^/]+)\//.exec(path);
  return own === null ? "app" : (own[1] as string);
}

/** The `sdk.size` benchmark: kilobytes (1,000 bytes) minified and gzipped; the bundle is deterministic, one run. */
export async function runSdkSize(reporter: Reporter): Promise<void> {
  const size = await measureSdkSize();
  reporter.emit(measurementOf("sdk.size", "switchboard", "kb_min_gzip", [size.gzipBytes / 1000]));
  reporter.emit(measurementOf("sdk.size", "switchboard", "kb_min", [size.minBytes / 1000]));
  reporter.note(`sdk.size: ${size.inputs.length} modules, ${size.minBytes} B minified, ${size.gzipBytes} B gzipped`);
  reporter.note(
    `sdk.size: minified bytes by part: ${size.parts.map(([part, bytes]) => `${part} ${bytes}`).join(", ")}`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSdkSize({
    emit: (measurement) => process.stdout.write(`${formatMeasurement(measurement)}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
  });
}
