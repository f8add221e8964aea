import ts from "typescript";

/** What a cleanup needs to recognise a flag's calls: its key, the constants holding it, the helpers. */
export interface FlagCallMatcher {
  flag: string;
  /** Names of constants holding the key (`NEW_CHECKOUT`, `Flags.NewCheckout`), found by the scan. */
  constantNames: ReadonlySet<string>;
  /** Helpers of the application returning the flag's boolean (`useFlag`). */
  functions: ReadonlySet<string>;
}

const BOOLEAN_METHODS = new Set(["isOn", "getBooleanValue"]);
const VALUE_METHODS = new Set(["value", "getStringValue", "getNumberValue", "getObjectValue"]);
const OTHER_METHODS = new Set([
  "variation",
  "evaluate",
  "override",
  "getBooleanDetails",
  "getStringDetails",
  "getNumberDetails",
  "getObjectDetails",
]);

/** How a call reads the flag: its on/off state, its value, or something a rewrite leaves alone (details). */
export type FlagCallKind = "boolean" | "value" | "other";

/** The kind of flag call `node` is, or undefined when it is no call of this flag. */
export function flagCallKind(node: ts.Node, matcher: FlagCallMatcher): FlagCallKind | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const first = node.arguments[0];
  if (first === undefined || !namesFlag(first, matcher)) return undefined;
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
  if (BOOLEAN_METHODS.has(name) || matcher.functions.has(name)) return "boolean";
  if (VALUE_METHODS.has(name)) return "value";
  if (OTHER_METHODS.has(name)) return "other";
  return undefined;
}

function namesFlag(node: ts.Expression, matcher: FlagCallMatcher): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text === matcher.flag;
  if (ts.isIdentifier(node)) return matcher.constantNames.has(node.text);
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    return matcher.constantNames.has(`${node.expression.text}.${node.name.text}`);
  }
  return false;
}
