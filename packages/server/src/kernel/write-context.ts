import { AppError } from "./app-error.js";
import type { Role } from "./principal.js";

/** Who changed what, why: given by the caller of every write; the store adds time, sequence, before and after. */
export interface ChangeInput {
  actor: string;
  /** Dotted verb, e.g. `flag.create`, `flag.kill`, `flag.ramp`, `segment.update`, `release.create`, `token.revoke`. */
  action: string;
  environment?: string | null;
  reason?: string | null;
}

/** Who makes a change and why: the actor and role come from the token, the reason from the request. */
export interface WriteContext {
  actor: string;
  role: Role;
  reason: string | null;
}

/** Environments where editors must say why they change something. */
export interface ReasonPolicy {
  reasonRequiredIn: readonly string[];
}

/** Throws UNPROCESSABLE when an editor changes one of `environments` that requires a reason and gave none. */
export function requireReason(policy: ReasonPolicy, context: WriteContext, environments: Iterable<string>): void {
  if (context.role === "admin" || (context.reason ?? "").trim() !== "") return;
  const strict = [...new Set(environments)].filter((name) => policy.reasonRequiredIn.includes(name));
  if (strict.length === 0) return;
  const names = strict.join(", ");
  throw new AppError(
    "UNPROCESSABLE",
    `A reason is required for changes to ${names}: give "reason" in the body or an X-Change-Reason header.`,
    [{ path: "reason", message: `is required for changes to ${names}` }],
  );
}

/** The change log entry of a write made in `context`. */
export function changeInput(context: WriteContext, action: string, environment: string | null = null): ChangeInput {
  return { actor: context.actor, action, environment, reason: context.reason };
}

/** The context with the reason given in the body, when there is one (it wins over the header's). */
export function withReason(context: WriteContext, reason: string | undefined): WriteContext {
  return reason === undefined || reason.trim() === "" ? context : { ...context, reason };
}
