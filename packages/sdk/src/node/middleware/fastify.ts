import type { IncomingMessage } from "node:http";
import type { EventsClient } from "../../events/events-client.js";
import { runWithContext } from "../request-context.js";
import { endRequest, type RequestEventOptions, type RequestScope, requestStarter } from "./request-event.js";

/** Options of the Fastify plugin. */
export interface FastifyPluginOptions extends RequestEventOptions {
  events: EventsClient;
}

/** The parts of Fastify's request, reply and instance the plugin uses (so the SDK needs no Fastify types). */
interface FastifyRequestLike {
  raw: IncomingMessage;
  routeOptions?: { url?: string | undefined };
  switchboard: RequestScope | null;
}
interface FastifyReplyLike {
  statusCode: number;
}
type HookDone = () => void;
interface FastifyLike {
  decorateRequest(name: string, value: null): unknown;
  addHook(name: "onRequest", hook: (req: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void): unknown;
  addHook(
    name: "onResponse",
    hook: (req: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void,
  ): unknown;
}

/**
 * Fastify plugin: one wide event per request, `request.switchboard`, and route handlers run with the request's
 * context; registered without encapsulation so it covers every route.
 * @example await app.register(switchboardFastify, { events })
 */
export function switchboardFastify(
  instance: object,
  options: FastifyPluginOptions,
  done: (error?: Error) => void,
): void {
  // Typed as `object` so any Fastify version's instance type is accepted by `register` without a Fastify dependency.
  const fastify = instance as FastifyLike;
  const { events } = options;
  fastify.decorateRequest("switchboard", null);
  const asyncContext = options.asyncContext !== false;
  const begin = requestStarter(events, options);
  fastify.addHook("onRequest", (request, _reply, next) => {
    const scope = begin(request.raw);
    request.switchboard = scope;
    // Everything after this hook (parsing, handler, later hooks) continues inside the context.
    if (asyncContext) runWithContext(scope.context, next);
    else next();
  });
  fastify.addHook("onResponse", (request, reply, next) => {
    const scope = request.switchboard;
    if (scope !== null) endRequest(scope, reply.statusCode, request.routeOptions?.url, request.raw.destroyed);
    next();
  });
  done();
}

// What fastify-plugin sets: the hooks apply to the whole app, not to a child context.
Object.assign(switchboardFastify, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "switchboard",
});
