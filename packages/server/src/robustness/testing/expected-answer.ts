import type { Role } from "../../store/config-store.js";
import type { Caller } from "./create-robust-app.js";

/** The role ranks of `http/control-auth.ts`: a token may call a route whose declared role ranks at most its own. */
const RANK: Readonly<Record<Role, number>> = { support: 0, viewer: 1, editor: 2, admin: 3 };

/** What the documented role rules promise a caller on a control route. */
export type ExpectedAnswer = 401 | 403 | "allowed";

/**
 * No token or an unknown one: 401. SDK keys: 403 (they only read the SDK endpoints). Tokens below the declared
 * role: 403. A support token: only routes declared `support` (the customer lookup), 403 everywhere else. Others are
 * let through: whatever the handler answers, but never 401 or 403.
 */
export function expectedAnswer(caller: Caller, declared: Role): ExpectedAnswer {
  switch (caller) {
    case "none":
    case "badToken":
      return 401;
    case "serverSdk":
    case "clientSdk":
    case "devServerSdk":
      return 403;
    case "support":
      return declared === "support" ? "allowed" : 403;
    default:
      return RANK[caller] >= RANK[declared] ? "allowed" : 403;
  }
}

/** Whether a status meets the expectation. */
export function meetsExpectation(status: number, expected: ExpectedAnswer): boolean {
  return expected === "allowed" ? status !== 401 && status !== 403 : status === expected;
}
