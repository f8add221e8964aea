import type { FastifyInstance } from "fastify";
import { AppError } from "../kernel/index.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The METHOD_NOT_ALLOWED answer for a path that routes answer with other methods, or undefined when no route has
 * the path (a plain 404). A DELETE of a document that is archived instead names its archive route.
 */
export function methodNotAllowed(app: FastifyInstance, method: string, path: string): AppError | undefined {
  const allowed = METHODS.filter((other) => other !== method && answers(app, other, path));
  if (allowed.length === 0) return undefined;
  const meta = { allowed };
  const archive = `${path.replace(/\/+$/, "")}/archive`;
  if (method === "DELETE" && answers(app, "POST", archive)) {
    const kind = /\/api\/v1\/([a-z-]+)\//.exec(path)?.[1] ?? "documents";
    return new AppError(
      "METHOD_NOT_ALLOWED",
      `DELETE ${path} is not a route: ${kind} are archived, not deleted, so their history stays. ` +
        `Archive it with POST ${archive}.`,
      [],
      meta,
    );
  }
  const message = `${method} ${path} is not a route; this path answers ${allowed.join(", ")}.`;
  return new AppError("METHOD_NOT_ALLOWED", message, [], meta);
}

/** Whether a route (other than the dashboard's catch-all for page navigations) answers `method` at `path`. */
function answers(app: FastifyInstance, method: (typeof METHODS)[number], path: string): boolean {
  const found = app.findRoute({ method, url: path });
  return found !== null && found !== undefined && !("*" in (found.params ?? {}));
}
