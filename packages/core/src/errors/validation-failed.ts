import type { ErrorDetail } from "../api/error-body.js";
import { AppError } from "./app-error.js";

/** The VALIDATION_FAILED error of a list of problems, its message naming the first. */
export function validationFailed(problems: readonly ErrorDetail[]): AppError {
  const first = problems[0];
  const where = first === undefined ? "" : `: ${first.path === "" ? "(root)" : first.path} ${first.message}`;
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new AppError("VALIDATION_FAILED", `The request has ${count}${where}.`, problems);
}
