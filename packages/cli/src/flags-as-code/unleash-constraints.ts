/** One Unleash constraint that has no equivalent here, with why. */
export class UnmappedConstraint extends Error {}

type Json = Record<string, unknown>;

const NUMBER_OPERATORS: Record<string, string> = {
  NUM_EQ: "$eq",
  NUM_GT: "$gt",
  NUM_GTE: "$gte",
  NUM_LT: "$lt",
  NUM_LTE: "$lte",
};
const SEMVER_OPERATORS: Record<string, string> = { SEMVER_EQ: "$veq", SEMVER_GT: "$vgt", SEMVER_LT: "$vlt" };
const STRING_PATTERNS: Record<string, (alternatives: string) => string> = {
  STR_CONTAINS: (alternatives) => `(${alternatives})`,
  STR_STARTS_WITH: (alternatives) => `^(${alternatives})`,
  STR_ENDS_WITH: (alternatives) => `(${alternatives})$`,
};

/**
 * Unleash constraints (all must hold) as one condition: `IN`/`NOT_IN` as `$in`/`$nin` (`$ini`/`$nini` ignoring
 * case), `STR_*` as an anchored regex of the escaped values, `NUM_*` and `SEMVER_EQ/GT/LT` as comparisons;
 * `inverted` wraps the clause in `$not`. Unleash's custom context fields live under `properties` in its SDK
 * context but are named bare in constraints, so they are named bare here too. Date operators compare with the
 * clock, which a condition cannot read: those throw `UnmappedConstraint`.
 */
export function conditionOf(constraints: readonly unknown[]): Json {
  const clauses = constraints.map(clauseOf);
  const fields = clauses.map((clause) => Object.keys(clause)[0]);
  // Two constraints on one field cannot share a key of one object, so they are joined with $and.
  if (new Set(fields).size !== fields.length) return { $and: clauses };
  return Object.assign({}, ...clauses) as Json;
}

function clauseOf(raw: unknown): Json {
  if (!isObject(raw) || typeof raw["contextName"] !== "string" || typeof raw["operator"] !== "string")
    throw new UnmappedConstraint("a constraint without contextName and operator");
  const field = raw["contextName"];
  const operator = raw["operator"];
  const values = Array.isArray(raw["values"])
    ? raw["values"].map(String)
    : typeof raw["value"] === "string"
      ? [raw["value"]]
      : [];
  const ignoreCase = raw["caseInsensitive"] === true;
  const test = testOf(operator, values, ignoreCase, field);
  return { [field]: raw["inverted"] === true ? { $not: test } : test };
}

function testOf(operator: string, values: readonly string[], ignoreCase: boolean, field: string): unknown {
  if (operator === "IN") return { [ignoreCase ? "$ini" : "$in"]: values };
  if (operator === "NOT_IN") return { [ignoreCase ? "$nini" : "$nin"]: values };
  const pattern = STRING_PATTERNS[operator];
  if (pattern !== undefined) {
    if (values.length === 0) throw new UnmappedConstraint(`${operator} on ${field} has no values`);
    return { [ignoreCase ? "$regexi" : "$regex"]: pattern(values.map(escapeRegex).join("|")) };
  }
  const single = values[0];
  const numberOperator = NUMBER_OPERATORS[operator];
  if (numberOperator !== undefined) {
    const value = Number(single);
    if (single === undefined || !Number.isFinite(value))
      throw new UnmappedConstraint(`${operator} on ${field} needs a number, got ${JSON.stringify(single)}`);
    return { [numberOperator]: value };
  }
  const semverOperator = SEMVER_OPERATORS[operator];
  if (semverOperator !== undefined) {
    if (single === undefined) throw new UnmappedConstraint(`${operator} on ${field} has no version`);
    return { [semverOperator]: single };
  }
  if (operator === "DATE_AFTER" || operator === "DATE_BEFORE")
    throw new UnmappedConstraint(
      `${operator} on ${field} compares with the current time, which a condition cannot read (schedule the change instead)`,
    );
  throw new UnmappedConstraint(`operator ${operator} on ${field} is unknown`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
