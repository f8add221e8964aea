import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventsClient } from "../../events/events-client.js";
import { runWithContext } from "../request-context.js";
import { endRequest, type RequestEventOptions, type RequestScope, requestStarter } from "./request-event.js";

/** Options of `withSwitchboard`. */
export interface NodeMiddlewareOptions extends RequestEventOptions {
  events: EventsClient;
  /** The route template of a request (node:http has no router); default none. */
  route?: (req: IncomingMessage) => string | undefined;
}

/** A request with the Switchboard scope attached. */
export type SwitchboardRequest<R extends IncomingMessage = IncomingMessage> = R & { switchboard: RequestScope };

/**
 * Wraps a node:http handler: one wide event per request, ended with the status when the response closes, and the
 * handler runs with the request's context so `client.isOn(key)` needs none.
 * @example createServer(withSwitchboard((req, res) => res.end(client.isOn("new-nav") ? "new" : "old"), { events }))
 */
export function withSwitchboard<R extends IncomingMessage, S extends ServerResponse, T>(
  handler: (req: SwitchboardRequest<R>, res: S) => T,
  options: NodeMiddlewareOptions,
): (req: R, res: S) => T {
  const { events, route } = options;
  const asyncContext = options.asyncContext !== false;
  const begin = requestStarter(events, options);
  return (req, res) => {
    const scope = begin(req);
    const request = req as SwitchboardRequest<R>;
    request.switchboard = scope;
    res.once("close", () => endRequest(scope, res.statusCode, route?.(req), !res.writableFinished));
    return asyncContext ? runWithContext(scope.context, () => handler(request, res)) : handler(request, res);
  };
}
