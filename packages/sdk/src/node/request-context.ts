import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "../client/client-types.js";

const storage = /* @__PURE__ */ new AsyncLocalStorage<Context>();

/**
 * Runs `fn` with `context` as the current context: evaluations inside it (and in everything it awaits) that
 * pass no context use this one. Middleware calls it once per request.
 * @example runWithContext({ id: user.id, country }, () => handle(req, res))
 */
export function runWithContext<R>(context: Context, fn: () => R): R {
  return storage.run(context, fn);
}

/** The context of the `runWithContext` call this code runs inside, if any. */
export function currentContext(): Context | undefined {
  return storage.getStore();
}
