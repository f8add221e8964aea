import type { SdkPayload } from "@switchboard/core";
import type { ClientOptions, SwitchboardClient } from "../../client/client-types.js";
import { createClient } from "../../client/create-client.js";

/** A payload with an experiment (`checkout`), a targeted force (`banner`) and a plain default (`theme`). */
export const TEST_PAYLOAD: SdkPayload = {
  features: {
    checkout: {
      defaultValue: false,
      rules: [
        {
          id: "rule-exp",
          key: "checkout-exp",
          variations: [false, true],
          weights: [0.5, 0.5],
          hashAttribute: "id",
          meta: [{ key: "control" }, { key: "treatment" }],
        },
      ],
    },
    banner: { defaultValue: "a", rules: [{ id: "rule-jp", condition: { country: "jp" }, force: "b" }] },
    theme: { defaultValue: "light" },
  },
} as SdkPayload;

/** A real client on the test payload: no URL, so no network; evaluation and listeners as in production. */
export function createTestClient(options: ClientOptions = {}): SwitchboardClient {
  return createClient({ bootstrap: TEST_PAYLOAD, updates: "none", ...options });
}
