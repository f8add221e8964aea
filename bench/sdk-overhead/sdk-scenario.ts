import type { IncomingMessage, ServerResponse } from "node:http";
import type { SdkPayload } from "@switchboard/core";
import type { EventBuilder } from "@switchboard/sdk/events";
import { createEventsClient, type EventsClient } from "@switchboard/sdk/events";
import { currentEvent, type RequestScope, type SwitchboardRequest, withSwitchboard } from "@switchboard/sdk/middleware";
import { createClient, type SwitchboardClient } from "@switchboard/sdk/node";

/** Five flags a request evaluates: an experiment, a targeted force, a ramp, a plain default and a string flag. */
export const SCENARIO_PAYLOAD = {
  features: {
    "new-checkout": {
      defaultValue: false,
      rules: [
        {
          id: "exp-checkout",
          key: "checkout-2025",
          variations: [false, true],
          weights: [0.5, 0.5],
          hashAttribute: "id",
          meta: [{ key: "control" }, { key: "treatment" }],
        },
      ],
    },
    "jp-banner": { defaultValue: "none", rules: [{ id: "jp", condition: { country: "jp" }, force: "sakura" }] },
    "fast-search": { defaultValue: false, rules: [{ id: "ramp", force: true, coverage: 0.2, hashAttribute: "id" }] },
    "dark-mode": { defaultValue: false },
    "price-format": { defaultValue: "plain", rules: [{ id: "ios", condition: { os: "iOS" }, force: "compact" }] },
  },
} as SdkPayload;

export const USER_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
];

/** What the handler does to answer: `responseBody`, or the realistic handler's query and 20 KB JSON. */
export type Answer = (path: string | undefined) => string | Promise<string>;

/** The answer both handlers send: the part of the work that is not the SDK's. */
export function responseBody(path: string | undefined): string {
  return `{"ok":true,"path":${JSON.stringify(path ?? "/")}}`;
}

/** A flag client on the scenario payload, without events. */
export function createScenarioClient(): SwitchboardClient {
  return createClient({ bootstrap: SCENARIO_PAYLOAD, updates: "none", release: "64fd32f" });
}

/** The client and events of the instrumented variant, sending to the sink at `sinkUrl`. */
export function createSdk(sinkUrl: string): { client: SwitchboardClient; events: EventsClient } {
  const client = createScenarioClient();
  const events = createEventsClient(client, {
    url: sinkUrl,
    sdkKey: "bench",
    maxQueue: 100_000,
    flushIntervalMs: 1_000,
  });
  return { client, events };
}

/** How the handler evaluates: `client` (context from AsyncLocalStorage) or `req.switchboard` (explicit). */
export interface ScenarioFlags {
  isOn(key: string): boolean;
  value<T>(key: string, defaultValue: T): T;
}

/** Whether requests run inside AsyncLocalStorage (`client.isOn(key)`) or use `req.switchboard` alone. */
export type ContextMode = "async" | "explicit";

/** What the instrumented handler adds to the request: 5 evaluations, 3 spans and 10 fields, then the same answer. */
export async function instrumentedWork(
  flags: ScenarioFlags,
  ev: EventBuilder | undefined,
  path: string | undefined,
  answer: Answer = responseBody,
): Promise<string> {
  const checkout = flags.isOn("new-checkout");
  const banner = flags.value("jp-banner", "none");
  const search = flags.isOn("fast-search");
  const dark = flags.isOn("dark-mode");
  const format = flags.value("price-format", "plain");
  const auth = ev?.startSpan("auth");
  auth?.end();
  const body = ev === undefined ? await answer(path) : await ev.span("db", () => answer(path));
  const render = ev?.startSpan("render");
  render?.end();
  ev?.set("cart.items", 3)
    .set("cart.value", 42.5)
    .set("checkout.variant", checkout)
    .set("banner", banner)
    .set("search.fast", search)
    .set("ui.dark", dark)
    .set("price.format", format)
    .set("user.tier", "gold")
    .set("db.rows", 12)
    .set("cache.hit", true);
  return body;
}

/** The instrumented work of one request, reaching flags and event as the mode says. */
export function requestWork(
  client: SwitchboardClient,
  events: EventsClient,
  scope: RequestScope,
  mode: ContextMode,
  path: string | undefined,
  answer: Answer = responseBody,
): Promise<string> {
  return mode === "async"
    ? instrumentedWork(client, currentEvent(events), path, answer)
    : instrumentedWork(scope, scope.event, path, answer);
}

/** The instrumented node:http handler. */
export function instrumentedHandler(client: SwitchboardClient, events: EventsClient, mode: ContextMode) {
  return withSwitchboard(
    async (req: SwitchboardRequest, res: ServerResponse) => {
      res.end(await requestWork(client, events, req.switchboard, mode, req.url));
    },
    { events, route: () => "/products/:id", enrich: addCountry, asyncContext: mode === "async" },
  );
}

/** The same handler without the SDK. */
export async function plainHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.end(await Promise.resolve(responseBody(req.url)));
}

/** Country from an edge header, as an `enrich` hook would read it. */
export function addCountry(req: IncomingMessage, context: Record<string, unknown>): void {
  const country = req.headers["cf-ipcountry"];
  if (typeof country === "string") context["country"] = country.toLowerCase();
}
