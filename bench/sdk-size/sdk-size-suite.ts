import type { BenchSuite } from "../lib/bench-types.js";
import { runSdkSize } from "./measure.js";

/** The browser build of the SDK: bytes a flags-only app ships. */
export const sdkSizeSuite: BenchSuite = {
  prefix: "sdk.size",
  benches: [
    {
      name: "sdk.size",
      description:
        "flags-only browser bundle, esbuild minified ESM, gzip (kB): @switchboard/sdk, GrowthBook's SDK, @switchboard/sdk/remote",
      run: runSdkSize,
    },
  ],
};
