import type { TrafficServiceDocument } from "@switchboard/proxy";
import type { WriteContext } from "../../kernel/index.js";
import { validationFailed } from "../../kernel/index.js";
import type { CreateServiceInput } from "./traffic-schemas.js";

/** The preview header used when a service does not name one. */
const DEFAULT_PREVIEW_HEADER = "x-switchboard-preview";

/** The first document of a service: all requests to `pool` (else the first pool), an empty history. */
export function newServiceDocument(
  body: CreateServiceInput,
  context: WriteContext,
  at: string,
): TrafficServiceDocument {
  const names = body.pools.map((p) => p.name);
  const problems = names
    .map((name, i) => ({ name, i }))
    .filter(({ name, i }) => names.indexOf(name) !== i)
    .map(({ name, i }) => ({ path: `pools[${i}].name`, message: `repeats pool "${name}"` }));
  const pool = body.pool ?? names[0] ?? "";
  if (!names.includes(pool)) problems.push({ path: "pool", message: `is not one of the pools (${names.join(", ")})` });
  if (problems.length > 0) throw validationFailed(problems);
  return {
    name: body.name,
    environment: body.environment,
    seed: `${body.environment}/${body.name}`,
    pools: body.pools.map((p) => ({
      name: p.name,
      release: p.release ?? null,
      backends: p.backends,
      healthCheckPath: p.healthCheckPath ?? "/healthz",
      drained: false,
    })),
    previewHeader: (body.previewHeader ?? DEFAULT_PREVIEW_HEADER).toLowerCase(),
    dataPlane: body.dataPlane ?? { kind: "none" },
    routing: { target: { kind: "pool", pool }, sticky: body.sticky ?? null, overrides: [] },
    history: [],
    current: { action: "traffic.service.create", actor: context.actor, at, reason: context.reason },
    plan: null,
  };
}
