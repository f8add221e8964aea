import { isRegexSafe } from "../condition/index.js";
import type { Problem } from "./problem.js";
import { formatPath, isRecord, type PathSegment } from "./problem-path.js";
import { MAX_CONDITION_TEXT_CHARS } from "./text-limits.js";

const FIELD_OPERATORS = new Set([
  "$eq",
  "$ne",
  "$lt",
  "$lte",
  "$gt",
  "$gte",
  "$veq",
  "$vne",
  "$vgt",
  "$vgte",
  "$vlt",
  "$vlte",
  "$exists",
  "$in",
  "$ini",
  "$nin",
  "$nini",
  "$not",
  "$size",
  "$elemMatch",
  "$all",
  "$alli",
  "$regex",
  "$regexi",
  "$type",
]);
const LIST_OPERATORS = new Set(["$in", "$ini", "$nin", "$nini", "$all", "$alli"]);
// Groups are what segments compile to; letting authors name them directly would bypass segment checks.
const GROUP_OPERATORS = new Set(["$inGroup", "$notInGroup", "$savedGroup", "$savedGroups"]);

/** Every problem of a condition: unknown operators, operators mixed with fields, and unsafe or invalid regexes. */
export function conditionProblems(condition: unknown, path: readonly PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  checkCondition(condition, [...path], problems);
  return problems;
}

function checkCondition(condition: unknown, path: PathSegment[], problems: Problem[]): void {
  if (!isRecord(condition)) {
    problems.push({ path: formatPath(path), message: "must be an object" });
    return;
  }
  for (const [key, value] of Object.entries(condition)) {
    const at = [...path, key];
    if (GROUP_OPERATORS.has(key)) problems.push({ path: formatPath(at), message: groupMessage(key) });
    else if (key === "$and" || key === "$or" || key === "$nor") checkConditionList(value, at, problems);
    else if (key === "$not") checkCondition(value, at, problems);
    else if (key.startsWith("$")) problems.push({ path: formatPath(at), message: unknownOperator(key) });
    else {
      checkTextLengths(value, at, problems);
      checkFieldValue(value, at, problems);
    }
  }
}

// A condition is copied into every SDK payload and evaluated on every request: its texts stay short. Iterative,
// so a deeply nested value cannot overflow the stack.
function checkTextLengths(root: unknown, path: PathSegment[], problems: Problem[]): void {
  const stack: [unknown, PathSegment[]][] = [[root, path]];
  while (stack.length > 0) {
    const [value, at] = stack.pop() as [unknown, PathSegment[]];
    if (typeof value === "string" && value.length > MAX_CONDITION_TEXT_CHARS) {
      problems.push({
        path: formatPath(at),
        message: `must be at most ${MAX_CONDITION_TEXT_CHARS} characters (got ${value.length})`,
      });
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) stack.push([item, [...at, index]]);
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) stack.push([item, [...at, key]]);
    }
  }
}

function checkConditionList(value: unknown, path: PathSegment[], problems: Problem[]): void {
  if (!Array.isArray(value)) {
    problems.push({ path: formatPath(path), message: "must be a list of conditions" });
    return;
  }
  value.forEach((item, index) => {
    checkCondition(item, [...path, index], problems);
  });
}

function checkFieldValue(value: unknown, path: PathSegment[], problems: Problem[]): void {
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  const operators = keys.filter((key) => key.startsWith("$"));
  if (operators.length === 0) return;
  if (operators.length !== keys.length) {
    // GrowthBook compares such an object literally, so `{$gt: 5, x: 1}` would silently match nothing.
    problems.push({ path: formatPath(path), message: "must not mix operators ($...) with field names" });
    return;
  }
  for (const operator of operators) checkOperator(operator, value[operator], [...path, operator], problems);
}

function checkOperator(operator: string, argument: unknown, path: PathSegment[], problems: Problem[]): void {
  if (GROUP_OPERATORS.has(operator)) {
    problems.push({ path: formatPath(path), message: groupMessage(operator) });
  } else if (!FIELD_OPERATORS.has(operator)) {
    problems.push({ path: formatPath(path), message: unknownOperator(operator) });
  } else if (operator === "$regex" || operator === "$regexi") {
    const message = regexProblem(argument);
    if (message) problems.push({ path: formatPath(path), message });
  } else if (LIST_OPERATORS.has(operator) && !Array.isArray(argument)) {
    problems.push({ path: formatPath(path), message: "must be a list" });
  } else if (operator === "$not" || operator === "$size") {
    checkFieldValue(argument, path, problems);
  } else if (operator === "$elemMatch" && isRecord(argument)) {
    const keys = Object.keys(argument);
    if (keys.length > 0 && keys.every((key) => key.startsWith("$"))) checkFieldValue(argument, path, problems);
    else checkCondition(argument, path, problems);
  }
}

function regexProblem(pattern: unknown): string | null {
  if (typeof pattern !== "string") return "must be a string (a regular expression)";
  try {
    new RegExp(pattern);
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!isRegexSafe(pattern)) {
    return `${JSON.stringify(pattern)} is not a safe regular expression (nested quantifiers or lookbehind), so it would never match`;
  }
  return null;
}

function unknownOperator(operator: string): string {
  return `unknown operator ${JSON.stringify(operator)}`;
}

function groupMessage(operator: string): string {
  return `${JSON.stringify(operator)} is not allowed here; list segments in the rule's "segments" instead`;
}
