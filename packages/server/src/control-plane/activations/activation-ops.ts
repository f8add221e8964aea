import { type Static, Type } from "@sinclair/typebox";
import {
  CLIENT_INLINE_ID_LIMIT,
  type Flag,
  type FlagEnvironment,
  type ForceRule,
  ID_PATTERN,
  LabelText,
  MAX_LABEL_CHARS,
  type Rule,
} from "@switchboard/core";
import { AppError, ReasonField as Reason } from "../../kernel/index.js";

const RuleId = Type.String({ pattern: ID_PATTERN });
const Units = Type.Array(Type.Union([Type.String({ maxLength: MAX_LABEL_CHARS }), Type.Number()]), {
  maxItems: CLIENT_INLINE_ID_LIMIT,
  description: "Unit ids (values of the rule's attribute).",
});

/** The body of a ramp: the new percentage of a ramp rule (the only one when `rule` is left out). */
export const RampInputSchema = Type.Object(
  { rule: Type.Optional(RuleId), percent: Type.Number({ minimum: 0, maximum: 100 }), reason: Reason },
  { additionalProperties: false },
);

/** The body of "serve me / my team": units to add to or remove from a force rule on their ids. */
export const ServeMeInputSchema = Type.Object(
  {
    add: Type.Optional(Units),
    remove: Type.Optional(Units),
    rule: Type.Optional(Type.String({ pattern: ID_PATTERN, description: 'The force rule; default "serve-me".' })),
    serve: Type.Optional(Type.String({ pattern: ID_PATTERN, description: 'Variation; default "on" (boolean flags).' })),
    attribute: Type.Optional(LabelText({ minLength: 1, description: 'Attribute of the ids; default "id".' })),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** A ramp input. */
export type RampInput = Static<typeof RampInputSchema>;
/** A serve-me input. */
export type ServeMeInput = Static<typeof ServeMeInputSchema>;

/** Turns a flag on (`true`) or kills it (`false`) in one environment. */
export function setEnabled(flag: Flag, environment: string, enabled: boolean): Flag {
  return withEnvironment(flag, environment, (settings) => ({ ...settings, enabled }));
}

/** Sets the percentage of a ramp rule (the only one when no rule id is given). */
export function setRampPercent(flag: Flag, environment: string, input: RampInput): Flag {
  return withEnvironment(flag, environment, (settings) => {
    const rules = settings.rules ?? [];
    const ramps = rules.filter((rule) => rule.kind === "ramp" && (input.rule === undefined || rule.id === input.rule));
    const target = ramps[0];
    if (target === undefined || ramps.length > 1) {
      const which = input.rule === undefined ? "ramp rule" : `ramp rule "${input.rule}"`;
      const message =
        ramps.length > 1
          ? `has several ramp rules in ${environment}; say which one in "rule"`
          : `has no ${which} in ${environment}; add one with PUT .../rules first`;
      throw new AppError("UNPROCESSABLE", `The flag ${message}.`, [{ path: "rule", message }]);
    }
    return { ...settings, rules: rules.map((rule) => (rule === target ? { ...rule, percent: input.percent } : rule)) };
  });
}

/** Adds and removes units of a force rule on their ids, creating it first in line when missing. */
export function changeServeMe(flag: Flag, environment: string, input: ServeMeInput): Flag {
  const ruleId = input.rule ?? "serve-me";
  return withEnvironment(flag, environment, (settings) => {
    const rules = settings.rules ?? [];
    const existing = rules.find((rule) => rule.id === ruleId);
    const current = existing === undefined ? undefined : unitsOf(existing, ruleId);
    const attribute = current?.attribute ?? input.attribute ?? "id";
    const removed = new Set((input.remove ?? []).map(String));
    const units = [...(current?.units ?? []), ...(input.add ?? [])].filter((unit, index, all) => {
      return !removed.has(String(unit)) && all.findIndex((other) => String(other) === String(unit)) === index;
    });
    if (units.length > CLIENT_INLINE_ID_LIMIT) {
      const message = `would hold ${units.length} units, more than ${CLIENT_INLINE_ID_LIMIT}; use a segment`;
      throw new AppError("UNPROCESSABLE", `The rule "${ruleId}" ${message}.`, [{ path: "add", message }]);
    }
    const serve = input.serve ?? (existing?.kind === "force" ? existing.serve : defaultServe(flag));
    requireVariation(flag, serve);
    const rule: ForceRule = { ...(existing as ForceRule | undefined), id: ruleId, kind: "force", serve };
    rule.condition = { [attribute]: { $in: units } };
    if (units.length === 0) return { ...settings, rules: rules.filter((r) => r !== existing) };
    const next = existing === undefined ? [rule, ...rules] : rules.map((r) => (r === existing ? rule : r));
    return { ...settings, rules: next };
  });
}

function unitsOf(rule: Rule, ruleId: string): { attribute: string; units: (string | number)[] } {
  const entries = Object.entries(rule.condition ?? {});
  const [attribute, test] = entries[0] ?? [];
  const list = (test as { $in?: unknown } | undefined)?.$in;
  const plain = rule.kind === "force" && entries.length === 1 && rule.percent === undefined && !rule.segments?.length;
  if (attribute !== undefined && plain && !rule.prerequisites?.length && Array.isArray(list)) {
    return { attribute, units: list.filter((unit) => typeof unit === "string" || typeof unit === "number") };
  }
  const message = "is not a serve-me rule (a force rule whose only condition is an $in list of ids)";
  throw new AppError("UNPROCESSABLE", `The rule "${ruleId}" ${message}.`, [{ path: "rule", message }]);
}

function defaultServe(flag: Flag): string {
  if (flag.type === "boolean" && (flag.variations ?? []).some((variation) => variation.key === "on")) return "on";
  const message = "is required for a new rule of a non-boolean flag (the variation to serve)";
  throw new AppError("UNPROCESSABLE", `"serve" ${message}.`, [{ path: "serve", message }]);
}

function requireVariation(flag: Flag, key: string): void {
  const keys = (flag.variations ?? []).map((variation) => variation.key);
  if (keys.includes(key)) return;
  const message = `unknown variation ${JSON.stringify(key)} (known: ${keys.map((k) => JSON.stringify(k)).join(", ")})`;
  throw new AppError("UNPROCESSABLE", `"serve" names an ${message}.`, [{ path: "serve", message }]);
}

function withEnvironment(flag: Flag, name: string, change: (settings: FlagEnvironment) => FlagEnvironment): Flag {
  const settings = flag.environments?.[name] ?? { enabled: true, rules: [] };
  return { ...flag, environments: { ...flag.environments, [name]: change(settings) } };
}
