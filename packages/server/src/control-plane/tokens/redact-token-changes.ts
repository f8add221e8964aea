import type { Change, Role } from "../../store/index.js";

/** What non-admins see instead of a token change's subject. */
const REDACTED_SUBJECT = "(redacted)";

/**
 * The audit log as `role` may read it: the token inventory (`GET /tokens`) is admin-only, so for everybody else
 * token changes keep who did what and when, but not which token, its name, kind, role or prefix.
 */
export function redactTokenChanges(changes: readonly Change[], role: Role): Change[] {
  if (role === "admin") return [...changes];
  return changes.map((change) =>
    change.subjectKind === "token" ? { ...change, subjectKey: REDACTED_SUBJECT, before: null, after: null } : change,
  );
}
