import { AppError } from "../kernel/index.js";

/** Deeper bodies are refused before validation: no model object nests this deep, and recursion must stay safe. */
const MAX_BODY_DEPTH = 64;

/** Throws BAD_REQUEST when a parsed JSON body nests deeper than `MAX_BODY_DEPTH` (checked without recursion). */
export function assertBodyDepth(body: unknown): void {
  const stack: [unknown, number][] = [[body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_BODY_DEPTH) {
      throw new AppError("BAD_REQUEST", `The body nests deeper than ${MAX_BODY_DEPTH} levels.`);
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}
