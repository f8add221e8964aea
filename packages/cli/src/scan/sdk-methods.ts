/**
 * The calls of the Switchboard SDK and of OpenFeature clients that take a flag key as their first argument.
 * `distinctive` names count on any receiver; `generic` names (`value`, `variation`…) are common words, so they
 * count only on a receiver that looks like a flag client or for a key the scan already knows.
 */
export const SDK_METHODS = {
  distinctive: [
    "isOn",
    "getBooleanValue",
    "getStringValue",
    "getNumberValue",
    "getObjectValue",
    "getBooleanDetails",
    "getStringDetails",
    "getNumberDetails",
    "getObjectDetails",
  ],
  generic: ["value", "variation", "evaluate", "override"],
} as const;

/** Receivers that look like a flag client (`flags.value`, `client.variation`, `switchboard.evaluate`). */
export const DEFAULT_CLIENT_RECEIVER = "flag|client|switchboard|feature|openfeature|^sb$|^gb$";

/** The source extensions parsed as TypeScript or JavaScript. */
export const SCRIPT_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;
