/** Options shared by the server and the web OpenFeature providers. */
export interface SwitchboardProviderOptions {
  /** The attribute OpenFeature's `targetingKey` becomes; default `id` (the usual hash attribute). */
  targetingKeyAttribute?: string;
  /**
   * What a flag switched off by its kill switch (reason `DISABLED`) resolves to: `fallback`, the default value passed
   * at the call site (default, as OpenFeature's own providers do), or `flag`, the flag's default variation as the
   * Switchboard client serves it.
   */
  disabledValue?: "fallback" | "flag";
  /** How long `initialize` waits for a first payload; default the client's own timeout. */
  readyTimeoutMs?: number;
  /** Whether `onClose` also closes the client; default `true`. */
  closeClient?: boolean;
}

/** The provider name reported to OpenFeature and OpenTelemetry. */
export const PROVIDER_NAME = "switchboard";
