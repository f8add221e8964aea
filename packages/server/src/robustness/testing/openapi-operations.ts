import type { RobustApp } from "./create-robust-app.js";

/** One operation of the served OpenAPI document, as the suites need it. */
export interface Operation {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The OpenAPI path, e.g. `/api/v1/flags/{key}`. */
  path: string;
  /** Whether it is a control route (bearer token with a role) rather than a self-authenticating SDK route. */
  control: boolean;
  ifMatchRequired: boolean;
  queryParameters: string[];
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
}

const METHODS = ["get", "post", "put", "delete"] as const;

/** Reads `/api/v1/openapi.json` from the app: the suites cover what is documented, not a list kept by hand. */
export async function openApiOperations(robust: RobustApp): Promise<Operation[]> {
  const response = await robust.call("none", { method: "GET", url: "/api/v1/openapi.json" });
  const document = response.json() as { paths: Record<string, Partial<Record<string, OpenApiOperation>>> };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation["method"],
        path,
        // Self-authenticating routes are documented with an empty security list.
        control: operation.security === undefined,
        ifMatchRequired: parameters.some((p) => p.in === "header" && p.name === "If-Match" && p.required === true),
        queryParameters: parameters.filter((p) => p.in === "query").map((p) => p.name),
      });
    }
  }
  return operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** `METHOD /path`, the key of templates and reports. */
export function operationKey(operation: Pick<Operation, "method" | "path">): string {
  return `${operation.method} ${operation.path}`;
}
