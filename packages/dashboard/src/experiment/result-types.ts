import type { VariationResult } from "@switchboard/core";

/** The change of a treatment against the control, as the results API answers it. */
export type ResultChange = NonNullable<VariationResult["change"]>;
