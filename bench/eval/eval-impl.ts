import type { User } from "./population.js";
import type { ImplName, WorkloadId } from "./workloads.js";

/** A workload loaded into one implementation: how to shape a user into its context, and how to evaluate one. */
export interface PreparedWorkload {
  toContext(user: User): unknown;
  /** Returns the flag's value: a boolean for W1/W2, the variation name for W3. */
  evaluate(context: unknown): unknown;
}

/** One flag of the load payload: W2-shaped, with its own key and country. */
export interface LoadFlag {
  key: string;
  country: string;
}

/** A loaded payload; `evaluate` is only used to check that the load really happened. */
export interface LoadedPayload {
  evaluate(flagKey: string, user: User): unknown;
}

/** One implementation under measurement, used the way its own documentation recommends. */
export interface EvalImpl {
  name: ImplName;
  prepare(workload: WorkloadId, allowList: readonly string[]): Promise<PreparedWorkload>;
  /** The wire text of a payload in the implementation's native format (not timed). */
  loadPayloadText?(flags: readonly LoadFlag[]): string;
  /** Parses and loads the wire text the way a server-side SDK would on start-up (timed). */
  load?(text: string): Promise<LoadedPayload>;
}

/** Ties a typed context builder to its evaluator, so each implementation stays type-safe inside. */
export function defineWorkload<Context>(
  toContext: (user: User) => Context,
  evaluate: (context: Context) => unknown,
): PreparedWorkload {
  return { toContext, evaluate: evaluate as (context: unknown) => unknown };
}

/** A JSON round trip: payloads reach SDKs as wire text, so no payload string is shared with a test user's id. */
export function viaWire<T>(payload: T): T {
  return JSON.parse(JSON.stringify(payload)) as T;
}
