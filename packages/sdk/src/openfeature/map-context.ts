import type { EvaluationContext, EvaluationContextValue } from "@openfeature/core";
import type { Context } from "../client/client-types.js";

/** Attribute values as conditions compare them: dates become ISO strings, everything else stays as is. */
function toAttributeValue(value: EvaluationContextValue): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toAttributeValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toAttributeValue(inner);
    return out;
  }
  return value;
}

/**
 * Turns an OpenFeature evaluation context into Switchboard attributes: `targetingKey` becomes `targetingKeyAttribute`
 * (it wins over a field of the same name), every other field is copied; the input is never changed.
 * @example toSwitchboardContext({ targetingKey: "u1", country: "jp" }) // { id: "u1", country: "jp" }
 */
export function toSwitchboardContext(context: EvaluationContext | undefined, targetingKeyAttribute = "id"): Context {
  const attributes: Context = {};
  if (context === undefined) return attributes;
  for (const [key, value] of Object.entries(context)) {
    if (key === "targetingKey" || value === undefined) continue;
    attributes[key] = toAttributeValue(value);
  }
  if (typeof context.targetingKey === "string") attributes[targetingKeyAttribute] = context.targetingKey;
  return attributes;
}
