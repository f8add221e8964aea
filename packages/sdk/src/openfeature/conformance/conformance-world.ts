import type { BaseHook, EvaluationContext, EvaluationDetails, FlagValue } from "@openfeature/core";
import { CONFORMANCE_PAYLOAD } from "./conformance-payload.js";
import { FakeClient } from "./fake-client.js";
import type { ContextLevels, FlagDriver, ScenarioType } from "./flag-drivers.js";

/** A hook call as the hook scenarios check it. */
export interface HookCall {
  hook: string;
  stage: "before" | "after" | "error" | "finally";
  details: EvaluationDetails<FlagValue> | undefined;
}

/** The state one scenario builds up step by step. */
export class ConformanceWorld {
  client: FakeClient | undefined;
  flag: { type: ScenarioType; key: string; defaultValue: FlagValue } | undefined;
  context: EvaluationContext = {};
  details: EvaluationDetails<FlagValue> | undefined;
  hookCalls: HookCall[] = [];
  optionHooks: BaseHook[] | undefined;
  contextSnapshot: string | undefined;
  levels: ContextLevels = { api: {}, transaction: undefined, client: {}, invocation: {}, beforeHook: undefined };
  levelOrder: string[] = [];

  constructor(readonly driver: FlagDriver) {}

  /** Registers our provider over a fresh client: ready at once, never ready, or timed out without a payload. */
  async useProvider(state: "stable" | "not ready" | "error" | "stale"): Promise<FakeClient> {
    const client = new FakeClient(CONFORMANCE_PAYLOAD, {
      ready: state === "stable" || state === "stale" ? "now" : "later",
    });
    if (state === "error") client.resolveReady({ source: "none", timedOut: true });
    this.client = client;
    await this.driver.useProvider(client, state !== "not ready");
    if (state === "stale") client.emit("error", { message: "the stream to the server is down" });
    return client;
  }

  /** A hook that records each stage it runs in under `name`. */
  recordingHook(name: string): BaseHook {
    const record = (stage: HookCall["stage"], details?: EvaluationDetails<FlagValue>) =>
      this.hookCalls.push({ hook: name, stage, details });
    return {
      before: () => void record("before"),
      after: (_context, details) => void record("after", details),
      error: () => void record("error"),
      finally: (_context, details) => void record("finally", details),
    };
  }

  async evaluate(hooks?: BaseHook[]): Promise<EvaluationDetails<FlagValue>> {
    if (this.flag === undefined) throw new Error("no flag was named before evaluating");
    const { type, key, defaultValue } = this.flag;
    this.details = await this.driver.evaluate(type, key, defaultValue, this.context, hooks);
    return this.details;
  }

  get evaluated(): EvaluationDetails<FlagValue> {
    if (this.details === undefined) throw new Error("no flag was evaluated");
    return this.details;
  }
}

/** Undoes the `\"` escapes of values written inside quotes in step text and tables. */
export function unescapeQuoted(raw: string): string {
  return raw.replace(/\\"/g, '"');
}

/** Reads a value written in a step as the scenario's type says. */
export function parseTyped(type: string, raw: string): FlagValue {
  switch (type.toLowerCase()) {
    case "boolean":
      return raw === "true";
    case "integer":
      return Number.parseInt(raw, 10);
    case "float":
      return Number.parseFloat(raw);
    case "object":
      return JSON.parse(unescapeQuoted(raw)) as FlagValue;
    default:
      return unescapeQuoted(raw);
  }
}
