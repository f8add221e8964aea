import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventsClient } from "../../events/events-client.js";
import { runWithContext } from "../request-context.js";
import { endRequest, type RequestEventOptions, requestStarter } from "./request-event.js";

/** The parts of an Express request the middleware reads after routing. */
interface ExpressRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Express middleware: one wide event per request (route, method, status, duration, user agent), `req.switchboard`,
 * and the rest of the chain runs with the request's context.
 * @example app.use(switchboardExpress(events, { enrich: (req, ctx) => { ctx.country = req.headers["cf-ipcountry"]; } }))
 */
export function switchboardExpress(
  events: EventsClient,
  options: RequestEventOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const asyncContext = options.asyncContext !== false;
  const begin = requestStarter(events, options);
  return (req, res, next) => {
    const scope = begin(req);
    (req as IncomingMessage & { switchboard: typeof scope }).switchboard = scope;
    res.once("close", () => endRequest(scope, res.statusCode, routeOf(req as ExpressRequest), !res.writableFinished));
    if (asyncContext) runWithContext(scope.context, next);
    else next();
  };
}

function routeOf(req: ExpressRequest): string | undefined {
  const path = req.route?.path;
  return typeof path === "string" ? `${req.baseUrl ?? ""}${path}` : undefined;
}
