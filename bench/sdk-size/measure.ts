import os from "node:os";
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

/**
 * The same app written with GrowthBook's own browser SDK: its `GrowthBook` class fetching and streaming features,
 * caching them (its default in browsers), one attribute set, one flag read and a re-render on every change.
 */
const GROWTHBOOK_APP = `
import { GrowthBook } from "@growthbook/growthbook";
const gb = new GrowthBook({ apiHost: "https://flags.example.com", clientKey: "sb_client_example", attributes: { id: "u1" } });
gb.init({ timeout: 1500, streaming: true }).then(() => {
  document.body.dataset.checkout = String(gb.isOn("new-checkout"));
  gb.setRenderer(() => { document.body.dataset.limit = String(gb.getFeatureValue("search-limit", 10)); });
});
`;

/** The same app on remote evaluation: values evaluated by the server (OFREP), refreshed on the stream. */
const REMOTE_APP = `
import { createRemoteClient } from "@switchboard/sdk/remote";
const client = createRemoteClient({ url: "https://flags.example.com", sdkKey: "sb_client_example", context: { id: "u1" } });
client.ready({ timeoutMs: 1500 }).then(() => {
  document.body.dataset.checkout = String(client.isOn("new-checkout"));
  client.on("change", () => { document.body.dataset.limit = String(client.value("search-limit", 10)); });
});
`;

/** The apps `sdk.size` measures, by impl name. */
export const SIZE_APPS = {
  switchboard: FLAGS_ONLY_APP,
  growthbook: GROWTHBOOK_APP,
  "switchboard-remote": REMOTE_APP,
  "switchboard-validating": FLAGS_ONLY_APP,
} as const;

/**
 * Where `@switchboard/sdk` resolves from. A browser bundler picks the package's `browser` export condition
 * (`src/browser/index.ts`: payloads trusted, evaluation guarded); `switchboard-validating` measures the default
 * entry (every payload validated in the page), what a bundler without that condition would ship.
 */
const SDK_ENTRY: Readonly<Record<string, string>> = {
  browser: "packages/sdk/src/browser/index.ts",
  validating: "packages/sdk/src/index.ts",
};

/** The size of the flags-only browser bundle and the modules that went into it. */
export interface SdkSize {
  minBytes: number;
  gzipBytes: number;
  inputs: string[];
  /** Minified bytes per part (`sdk`, `core`, or a dependency's package name), largest first. */
  parts: [string, number][];
}

/** Bundles the flags-only app for browsers from the sources (esbuild, minified ESM) and measures it. */
export async function measureSdkSize(
  app: string = FLAGS_ONLY_APP,
  entry: keyof typeof SDK_ENTRY = "browser",
): Promise<SdkSize> {
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
      "@switchboard/sdk/remote": `${root}packages/sdk/src/remote/index.ts`,
      "@switchboard/sdk": `${root}${SDK_ENTRY[entry]}`,
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

/**
 * The `sdk.size` benchmark: kilobytes (1,000 bytes) minified and gzipped of the same flags-only app built with our
 * SDK, with GrowthBook's and with our remote-evaluation client; bundles are deterministic, one run each.
 */
export async function runSdkSize(reporter: Reporter): Promise<void> {
  const sizes = new Map<string, SdkSize>();
  for (const [impl, app] of Object.entries(SIZE_APPS)) {
    const size = await measureSdkSize(app, impl === "switchboard-validating" ? "validating" : "browser");
    sizes.set(impl, size);
    reporter.emit(measurementOf("sdk.size", impl, "kb_min_gzip", [size.gzipBytes / 1000]));
    reporter.emit(measurementOf("sdk.size", impl, "kb_min", [size.minBytes / 1000]));
    reporter.note(
      `sdk.size ${impl}: ${size.inputs.length} modules, ${size.minBytes} B minified, ${size.gzipBytes} B gzipped`,
    );
    reporter.note(
      `sdk.size ${impl}: minified bytes by part: ${size.parts.map(([part, bytes]) => `${part} ${bytes}`).join(", ")}`,
    );
  }
  const peer = sizes.get("growthbook")?.gzipBytes ?? Number.NaN;
  for (const impl of ["switchboard", "switchboard-validating", "switchboard-remote"]) {
    const ratio = (sizes.get(impl)?.gzipBytes ?? Number.NaN) / peer;
    reporter.note(`sdk.size: ${impl} / growthbook = ${ratio.toFixed(3)} (min+gzip); load average ${loadAverage()}`);
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(" ");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSdkSize({
    emit: (measurement) => process.stdout.write(`${formatMeasurement(measurement)}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
  });
}
