import type { Namespace } from "../payload/payload-types.js";
import { hash } from "./hash.js";

/**
 * Whether a unit belongs to a namespace slice `[id, start, end)`: its v1 hash with seed `__id` falls in the slice,
 * so mutually exclusive experiments share one namespace.
 */
export function inNamespace(hashValue: string, namespace: Namespace): boolean {
  const n = hash(`__${namespace[0]}`, hashValue, 1);
  return n !== null && n >= namespace[1] && n < namespace[2];
}
