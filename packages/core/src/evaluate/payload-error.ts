/** A payload that does not have the documented shape; `path` names the offending field. */
export class PayloadError extends Error {
  override readonly name = "PayloadError";

  constructor(
    /** Where the problem is, e.g. `features["x"].rules[2].weights`. */
    readonly path: string,
    /** What is wrong there, e.g. `must be an array of numbers`. */
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}
