import type { IncomingMessage } from "node:http";
import type { Context, SwitchboardClient, VariationDetail } from "../../client/client-types.js";
import type { EventsClient } from "../../events/events-client.js";
import { traceIdOf } from "../../events/sampler.js";
import type { EventBuilder } from "../../events/wide-event.js";
import { currentContext } from "../request-context.js";
import { sharedUserAgentParser } from "./user-agent.js";

/**
 * What a request handler reaches as `req.switchboard`: the request's event and context, and evaluation with that
 * context, which needs no AsyncLocalStorage (see `asyncContext`).
 */
export class RequestScope {
  constructor(
    /** The request's wide event, ended by the middleware with the response status. */
    readonly event: EventBuilder,
    /** The context evaluations without an explicit one use during the request. */
    readonly context: Context,
    private readonly client: SwitchboardClient,
  ) {}

  /** `client.isOn(key, context)` with the request's context. */
  isOn(key: string): boolean {
    return this.client.isOn(key, this.context);
  }

  /** `client.value(key, defaultValue, context)` with the request's context. */
  value<T>(key: string, defaultValue: T): T {
    return this.client.value(key, defaultValue, this.context);
  }

  /** `client.variation(key, context)` with the request's context. */
  variation<T = unknown>(key: string): VariationDetail<T> {
    return this.client.variation<T>(key, this.context);
  }
}

/** Options shared by the node:http, Express and Fastify middleware. */
export interface RequestEventOptions {
  /** Builds the context from the request, replacing the default (id from header or cookie, plus user-agent fields). */
  context?: (req: IncomingMessage) => Context;
  /** Adds attributes to the context, e.g. `ctx.country = req.headers["cf-ipcountry"]`. */
  enrich?: (req: IncomingMessage, context: Context) => void;
  /** Header holding the unit id. Default `x-switchboard-id`. */
  idHeader?: string;
  /** Cookie holding the unit id when the header is absent. Default `sb_id`. */
  idCookie?: string;
  /** Parse the user agent into `os`, `browser`, `device`. Default true. */
  userAgent?: boolean;
  /** The event's name. Default `request`. */
  name?: string;
  /**
   * Run the rest of the request inside `runWithContext`, so `client.isOn(key)` and `currentEvent(events)` work
   * anywhere below without arguments. Default true. AsyncLocalStorage makes every promise and async resource of
   * the process carry the context, which costs a promise-heavy server (Fastify) a good part of its throughput;
   * with `false`, use `req.switchboard.isOn(key)` / `.event` instead.
   */
  asyncContext?: boolean;
}

/** Builds a request's context and starts its event; made once per middleware, so requests allocate no settings. */
export type RequestStarter = (req: IncomingMessage) => RequestScope;

/** The `RequestStarter` of one middleware: the context, the event with the method and user-agent fields, the scope. */
export function requestStarter(events: EventsClient, options: RequestEventOptions): RequestStarter {
  const startOptions = { name: options.name ?? "request" };
  const custom = options.context;
  const enrich = options.enrich;
  const idHeader = options.idHeader ?? "x-switchboard-id";
  const idCookie = options.idCookie ?? "sb_id";
  const userAgent = options.userAgent !== false;
  const client = events.client;
  return (req) => {
    const context = custom === undefined ? defaultContext(req, idHeader, idCookie, userAgent) : custom(req);
    enrich?.(req, context);
    // The trace the request belongs to, so that sampling by trace keeps its events in every service together.
    const traceId = traceIdOf(headerValue(req, "traceparent"));
    const event = events.startEvent(context, traceId === undefined ? startOptions : { ...startOptions, traceId });
    event.set("http.method", req.method);
    if (userAgent && custom === undefined) {
      event.set("user_agent", { os: context["os"], browser: context["browser"], device: context["device"] });
    }
    return new RequestScope(event, context, client);
  };
}

/** Ends the request's event with its status and route (never throws into the server). */
export function endRequest(scope: RequestScope, status: number, route: string | undefined, aborted = false): void {
  try {
    if (route !== undefined) scope.event.set("http.route", route);
    if (aborted) scope.event.set("http.aborted", true);
    scope.event.end({ status });
  } catch {
    // An event that cannot be finished is lost; the response is not.
  }
}

function defaultContext(req: IncomingMessage, idHeader: string, idCookie: string, userAgent: boolean): Context {
  const context: Context = {};
  const id = headerValue(req, idHeader) ?? cookieValue(req, idCookie);
  if (id !== undefined) context["id"] = id;
  if (userAgent) {
    const ua = sharedUserAgentParser.parse(headerValue(req, "user-agent"));
    context["os"] = ua.os;
    context["browser"] = ua.browser;
    context["device"] = ua.device;
  }
  return context;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** One cookie's value, found without parsing the whole header. */
export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  let from = 0;
  while (from < header.length) {
    const at = header.indexOf(name, from);
    if (at === -1) return undefined;
    const before = at === 0 ? ";" : header[at - 1];
    if ((before === ";" || before === " ") && header[at + name.length] === "=") {
      const end = header.indexOf(";", at);
      const raw = header.slice(at + name.length + 1, end === -1 ? undefined : end).trim();
      return raw === "" ? undefined : safeDecode(raw);
    }
    from = at + name.length;
  }
  return undefined;
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The wide event of the request this code runs in (inside one of the middleware), if any. */
export function currentEvent(events: EventsClient): EventBuilder | undefined {
  const context = currentContext();
  return context === undefined ? undefined : events.activeEvent(context);
}
