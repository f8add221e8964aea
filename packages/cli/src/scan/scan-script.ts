import ts from "typescript";
import { SDK_METHODS } from "./sdk-methods.js";

const DISTINCTIVE = new Set<string>(SDK_METHODS.distinctive);
const GENERIC = new Set<string>(SDK_METHODS.generic);
const KEY = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** What names the key in a call: the key itself, or a constant (`NEW_CHECKOUT`, `Flags.NewCheckout`) holding it. */
export type KeyArgument = { literal: string } | { name: string };

/** A call of an SDK method or configured helper with a key (or a constant) as its first argument. */
export interface FoundCall {
  argument: KeyArgument;
  via: string;
  /** The receiver looks like a flag client, or the method is distinctive enough to count anywhere. */
  trusted: boolean;
  line: number;
  column: number;
  deadLines?: { on: number; off: number };
}

/** A constant or enum member whose value could be a key; it is a reference once a call uses it or the key is known. */
export interface FoundConstant {
  /** `NEW_CHECKOUT`, `Flags.NewCheckout`, `FLAGS.newCheckout`. */
  name: string;
  key: string;
  kind: "constant" | "enum";
  line: number;
  column: number;
}

/** Everything one script file holds that may reference a flag. */
export interface ScriptFindings {
  calls: FoundCall[];
  constants: FoundConstant[];
  /** The text of each line, to quote a reference. */
  lineStarts: readonly number[];
}

/** What the parser needs besides the text: the helper names of the application and the trusted receivers. */
export interface ScriptScanOptions {
  functions: ReadonlySet<string>;
  receivers: RegExp;
}

/**
 * Parses one TypeScript or JavaScript file with the TypeScript compiler (syntax only: no program, no type check,
 * so each file costs one parse) and collects SDK calls and key-holding constants. Comments never reach the tree,
 * so a key mentioned only in a comment is no reference.
 */
export function scanScript(fileName: string, text: string, options: ScriptScanOptions): ScriptFindings {
  // JSDoc is never a reference, so the parser skips it (a measurable share of parse time).
  const parseOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const source = ts.createSourceFile(fileName, text, parseOptions, false, scriptKindOf(fileName));
  const calls: FoundCall[] = [];
  const constants: FoundConstant[] = [];
  const ancestors: ts.Node[] = [];
  const position = (node: ts.Node) => {
    const at = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { line: at.line + 1, column: at.character + 1 };
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const call = callOf(node, options);
      if (call !== undefined) {
        const dead = deadLinesOf(node, ancestors, source);
        calls.push({ ...call, ...position(node), ...(dead === undefined ? {} : { deadLines: dead }) });
      }
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      collectConstant(node.name.text, node.initializer, constants, position);
    } else if (ts.isEnumDeclaration(node)) {
      for (const member of node.members) {
        const initializer = member.initializer;
        const value = initializer === undefined ? undefined : stringValue(initializer);
        if (
          initializer !== undefined &&
          value !== undefined &&
          KEY.test(value) &&
          !ts.isComputedPropertyName(member.name)
        ) {
          constants.push({
            name: `${node.name.text}.${member.name.getText(source)}`,
            key: value,
            kind: "enum",
            ...position(initializer),
          });
        }
      }
    }
    ancestors.push(node);
    ts.forEachChild(node, visit);
    ancestors.pop();
  };
  visit(source);
  return { calls, constants, lineStarts: source.getLineStarts() };
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function collectConstant(
  name: string,
  initializer: ts.Expression,
  constants: FoundConstant[],
  position: (node: ts.Node) => { line: number; column: number },
): void {
  const inner = unwrapAssertions(initializer);
  const value = stringValue(inner);
  if (value !== undefined) {
    if (KEY.test(value)) constants.push({ name, key: value, kind: "constant", ...position(inner) });
    return;
  }
  if (!ts.isObjectLiteralExpression(inner)) return;
  for (const property of inner.properties) {
    if (!ts.isPropertyAssignment(property) || ts.isComputedPropertyName(property.name)) continue;
    const member = stringValue(unwrapAssertions(property.initializer));
    if (member !== undefined && KEY.test(member)) {
      const memberName =
        ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
      if (memberName !== undefined) {
        constants.push({
          name: `${name}.${memberName}`,
          key: member,
          kind: "constant",
          ...position(property.initializer),
        });
      }
    }
  }
}

/** `x as const`, `<const>x`, `x satisfies T` and parentheses around a value. */
function unwrapAssertions(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isParenthesizedExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function stringValue(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

function callOf(node: ts.CallExpression, options: ScriptScanOptions): Omit<FoundCall, "line" | "column"> | undefined {
  const first = node.arguments[0];
  if (first === undefined) return undefined;
  const callee = node.expression;
  let via: string;
  let trusted: boolean;
  if (ts.isPropertyAccessExpression(callee)) {
    via = callee.name.text;
    if (DISTINCTIVE.has(via) || options.functions.has(via)) trusted = true;
    else if (GENERIC.has(via)) trusted = options.receivers.test(receiverName(callee.expression));
    else return undefined;
  } else if (ts.isIdentifier(callee)) {
    via = callee.text;
    if (!options.functions.has(via) && via !== "isOn") return undefined;
    trusted = true;
  } else {
    return undefined;
  }
  const argument = keyArgument(first);
  return argument === undefined ? undefined : { argument, via, trusted };
}

function receiverName(node: ts.Expression): string {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isCallExpression(node)) return receiverName(node.expression);
  return "";
}

function keyArgument(node: ts.Expression): KeyArgument | undefined {
  const literal = stringValue(node);
  if (literal !== undefined) return KEY.test(literal) ? { literal } : undefined;
  if (ts.isIdentifier(node)) return { name: node.text };
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    return { name: `${node.expression.text}.${node.name.text}` };
  }
  return undefined;
}

/**
 * When the call is (possibly negated, in parentheses) the whole condition of an `if` or a ternary, the lines of
 * each branch: what a cleanup deletes when the flag stays on (the off branch) and when it stays off.
 */
function deadLinesOf(
  call: ts.Node,
  ancestors: readonly ts.Node[],
  source: ts.SourceFile,
): { on: number; off: number } | undefined {
  let child: ts.Node = call;
  let negated = false;
  for (const parent of [...ancestors].reverse()) {
    if (ts.isParenthesizedExpression(parent)) {
      child = parent;
      continue;
    }
    if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) {
      negated = !negated;
      child = parent;
      continue;
    }
    let whenTrue: ts.Node | undefined;
    let whenFalse: ts.Node | undefined;
    if (ts.isIfStatement(parent) && parent.expression === child) {
      whenTrue = parent.thenStatement;
      whenFalse = parent.elseStatement;
    } else if (ts.isConditionalExpression(parent) && parent.condition === child) {
      whenTrue = parent.whenTrue;
      whenFalse = parent.whenFalse;
    } else {
      return undefined;
    }
    const onLines = lineSpan(whenTrue, source);
    const offLines = whenFalse === undefined ? 0 : lineSpan(whenFalse, source);
    // With the flag on, the branch taken when it is off goes (and the other way round).
    return negated ? { on: onLines, off: offLines } : { on: offLines, off: onLines };
  }
  return undefined;
}

function lineSpan(node: ts.Node, source: ts.SourceFile): number {
  const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
  return end - start + 1;
}
