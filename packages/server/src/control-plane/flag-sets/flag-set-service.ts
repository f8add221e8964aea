import type { ChangeGate, HeldChange, ReasonPolicy, WriteContext } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { type AppliedEntry, applyFlagSet, type ChangeSet } from "./apply-flag-set.js";

/** Flag sets kept as code: applies planned change sets (held for approval when they touch a protected environment). */
export interface FlagSetService {
  apply(input: ChangeSet, context: WriteContext): Promise<AppliedEntry[] | HeldChange>;
}

/** Builds the flag-set service from the control plane's dependencies. */
export function createFlagSetService(
  { store, config }: Pick<ServiceDeps<DocumentStore>, "store" | "config">,
  gate?: ChangeGate,
): FlagSetService {
  const policy: ReasonPolicy = config;
  return { apply: (input, context) => applyFlagSet(store, policy, input, context, gate) };
}
