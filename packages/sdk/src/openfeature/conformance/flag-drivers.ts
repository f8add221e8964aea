import type { BaseHook, EvaluationContext, EvaluationDetails, FlagValue, JsonValue } from "@openfeature/core";
import {
  AsyncLocalStorageTransactionContextPropagator,
  type Hook,
  OpenFeature as ServerOpenFeature,
} from "@openfeature/server-sdk";
import { OpenFeature as WebOpenFeature } from "@openfeature/web-sdk";
import { SwitchboardProvider } from "../switchboard-provider.js";
import { SwitchboardWebProvider } from "../switchboard-web-provider.js";
import type { FakeClient } from "./fake-client.js";

/** The flag value types the scenarios name. */
export type ScenarioType = "boolean" | "string" | "integer" | "float" | "object";

/** Contexts per level, for the context-merging scenarios. */
export interface ContextLevels {
  api: EvaluationContext;
  transaction: EvaluationContext | undefined;
  client: EvaluationContext;
  invocation: EvaluationContext;
  beforeHook: EvaluationContext | undefined;
}

/** One OpenFeature SDK with our provider registered in a domain of its own. */
export interface FlagDriver {
  readonly name: "server" | "web";
  /** Whether evaluation returns a promise (server) or the details themselves (web). */
  readonly asynchronous: boolean;
  useProvider(client: FakeClient, wait: boolean): Promise<void>;
  providerStatus(): string;
  addClientHook(hook: BaseHook): void;
  evaluate(
    type: ScenarioType,
    key: string,
    defaultValue: FlagValue,
    context: EvaluationContext,
    hooks?: BaseHook[],
  ): Promise<EvaluationDetails<FlagValue>>;
  /** Evaluates with context on every level; `undefined` when the SDK has no such levels. */
  evaluateWithLevels?(levels: ContextLevels): Promise<void>;
  close(): Promise<void>;
}

let domains = 0;

/** The server SDK: per-call context, transaction context, async evaluation. */
export function createServerDriver(): FlagDriver {
  const domain = `conformance-server-${++domains}`;
  ServerOpenFeature.setTransactionContextPropagator(new AsyncLocalStorageTransactionContextPropagator());
  ServerOpenFeature.setContext({});
  ServerOpenFeature.clearHooks();
  const client = ServerOpenFeature.getClient(domain);
  const evaluate: FlagDriver["evaluate"] = (type, key, defaultValue, context, hooks) => {
    const options = hooks === undefined ? undefined : { hooks: hooks as Hook[] };
    if (type === "boolean") return client.getBooleanDetails(key, defaultValue as boolean, context, options);
    if (type === "string") return client.getStringDetails(key, defaultValue as string, context, options);
    if (type === "object") return client.getObjectDetails(key, defaultValue as JsonValue, context, options);
    return client.getNumberDetails(key, defaultValue as number, context, options);
  };
  return {
    name: "server",
    asynchronous: true,
    async useProvider(fake, wait) {
      const provider = new SwitchboardProvider(fake);
      if (wait) await ServerOpenFeature.setProviderAndWait(domain, provider).catch(() => undefined);
      else ServerOpenFeature.setProvider(domain, provider);
    },
    providerStatus: () => client.providerStatus,
    addClientHook: (hook) => client.addHooks(hook as Hook),
    evaluate,
    async evaluateWithLevels(levels) {
      ServerOpenFeature.setContext(levels.api);
      client.setContext(levels.client);
      const hooks: Hook[] = levels.beforeHook === undefined ? [] : [{ before: () => levels.beforeHook }];
      const run = () => evaluate("boolean", "boolean-flag", false, levels.invocation, hooks);
      const transaction = levels.transaction;
      if (transaction === undefined) await run();
      else await new Promise((resolve) => ServerOpenFeature.setTransactionContext(transaction, () => resolve(run())));
    },
    close: () => ServerOpenFeature.clearProviders(),
  };
}

/** The web SDK: one static context (set before each evaluation), synchronous evaluation. */
export function createWebDriver(): FlagDriver {
  const domain = `conformance-web-${++domains}`;
  WebOpenFeature.clearHooks();
  const client = WebOpenFeature.getClient(domain);
  let staticContext = "{}";
  return {
    name: "web",
    asynchronous: false,
    async useProvider(fake, wait) {
      const provider = new SwitchboardWebProvider(fake);
      if (wait) await WebOpenFeature.setProviderAndWait(domain, provider).catch(() => undefined);
      else WebOpenFeature.setProvider(domain, provider);
    },
    providerStatus: () => client.providerStatus,
    addClientHook: (hook) => client.addHooks(hook),
    async evaluate(type, key, defaultValue, context, hooks) {
      // Setting a context reconciles the provider (and may mark it ready): only do it when the context changes.
      if (JSON.stringify(context) !== staticContext) {
        staticContext = JSON.stringify(context);
        await WebOpenFeature.setContext(domain, context);
      }
      const options = hooks === undefined ? undefined : { hooks };
      if (type === "boolean") return client.getBooleanDetails(key, defaultValue as boolean, options);
      if (type === "string") return client.getStringDetails(key, defaultValue as string, options);
      if (type === "object") return client.getObjectDetails(key, defaultValue as JsonValue, options);
      return client.getNumberDetails(key, defaultValue as number, options);
    },
    close: () => WebOpenFeature.clearProviders(),
  };
}
