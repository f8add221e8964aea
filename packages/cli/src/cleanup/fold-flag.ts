import ts from "typescript";
import { type FlagCallMatcher, flagCallKind } from "./flag-calls.js";

/** A value known at rewrite time. */
interface Known {
  v: unknown;
}

/** What the rewrite inlines: the flag's calls answer as if the flag always served `value`. */
export interface FoldOptions extends FlagCallMatcher {
  /** The kept variation's value (true/false for a boolean flag). */
  value: unknown;
}

/** The rewritten text, and the calls of the flag left as they were (details, overrides) for a person to look at. */
export interface FoldResult {
  text: string;
  changed: boolean;
  left: { line: number; text: string }[];
}

const LIST_PARENTS = new Set([
  ts.SyntaxKind.Block,
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.DefaultClause,
  ts.SyntaxKind.ModuleBlock,
]);

/**
 * Rewrites one file as if the flag always served `value`: each call becomes that value, and what depends on it folds —
 * `if`/`else` keep the taken branch (its statements re-indented in place of the `if`), ternaries their taken side,
 * `&&`/`||` chains and negations simplify, a JSX `{flag && <X/>}` becomes `<X/>`, statements after an early return
 * that now always runs go, and `const` variables holding the flag's answer are inlined and dropped. Every edit
 * replaces a text range of the original, so the untouched code keeps its formatting and comments.
 */
export function foldFlag(fileName: string, text: string, options: FoldOptions): FoldResult {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const folder = new Folder(source, options);
  const out = folder.emitSourceFile();
  return { text: out, changed: out !== text, left: folder.left };
}

export function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

class Folder {
  readonly left: { line: number; text: string }[] = [];
  readonly #vars = new Map<string, Known>();

  constructor(
    private readonly source: ts.SourceFile,
    private readonly options: FoldOptions,
  ) {
    this.#collectFoldedVariables(source);
  }

  emitSourceFile(): string {
    const { source } = this;
    const statements = this.#emitStatements(source.statements);
    const first = source.statements[0];
    const last = source.statements.at(-1);
    if (first === undefined || last === undefined) return source.text;
    return source.text.slice(0, first.getStart(source)) + statements + source.text.slice(last.end);
  }

  /** `const x = flags.isOn("k")` (and negations of it): x is known everywhere after. */
  #collectFoldedVariables(node: ts.Node): void {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer !== undefined &&
      ts.isVariableDeclarationList(node.parent) &&
      (node.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      // Only a variable holding the flag's answer itself (maybe negated or awaited) is inlined and dropped.
      const known = holdsFlagAnswer(node.initializer, this.options) ? this.#known(node.initializer) : undefined;
      if (known !== undefined) this.#vars.set(node.name.text, known);
    }
    ts.forEachChild(node, (child) => this.#collectFoldedVariables(child));
  }

  /** The value of a flag-derived expression, or undefined when it depends on anything else. */
  #known(node: ts.Expression): Known | undefined {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) {
      return this.#known(node.expression);
    }
    const kind = flagCallKind(node, this.options);
    if (kind === "boolean") return { v: Boolean(this.options.value) };
    if (kind === "value") return { v: this.options.value };
    if (ts.isAwaitExpression(node)) return this.#known(node.expression);
    if (ts.isIdentifier(node) && this.#isReference(node)) return this.#vars.get(node.text);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.#known(node.operand);
      return inner === undefined ? undefined : { v: !inner.v };
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const left = this.#known(node.left);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken && left !== undefined) {
        return left.v ? this.#knownOrLiteral(node.right) : left;
      }
      if (op === ts.SyntaxKind.BarBarToken && left !== undefined)
        return left.v ? left : this.#knownOrLiteral(node.right);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        // Where only truthiness counts, x || true is true and x && false is false.
        const right = this.#known(node.right);
        const and = op === ts.SyntaxKind.AmpersandAmpersandToken;
        if (right !== undefined && Boolean(right.v) !== and && this.#inBooleanContext(node)) return { v: !and };
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken && left !== undefined) {
        return left.v === null || left.v === undefined ? this.#knownOrLiteral(node.right) : left;
      }
      if (EQUALITY.has(op)) {
        const right = this.#known(node.right);
        if (left === undefined && right === undefined) return undefined;
        const a = left ?? literalOf(node.left);
        const b = right ?? literalOf(node.right);
        if (a === undefined || b === undefined) return undefined;
        const same = a.v === b.v;
        return {
          v: op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken ? same : !same,
        };
      }
    }
    if (ts.isConditionalExpression(node)) {
      const condition = this.#known(node.condition);
      if (condition !== undefined) return this.#knownOrLiteral(condition.v ? node.whenTrue : node.whenFalse);
    }
    return undefined;
  }

  #knownOrLiteral(node: ts.Expression): Known | undefined {
    return this.#known(node) ?? literalOf(node);
  }

  /** An identifier read as a value (not a declaration's name, a property name or a label). */
  #isReference(node: ts.Identifier): boolean {
    const parent = node.parent;
    if (
      (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) &&
      parent.name === node
    )
      return false;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
    if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
    if (ts.isShorthandPropertyAssignment(parent)) return true;
    return !(ts.isFunctionDeclaration(parent) || ts.isImportSpecifier(parent) || ts.isImportClause(parent));
  }

  /** A node's new text; null when the statement goes entirely. */
  #emit(node: ts.Node): string | null {
    if (ts.isExpression(node)) {
      const known = this.#known(node);
      if (known !== undefined && this.#involvesFlag(node)) return literalText(known.v);
      const kind = flagCallKind(node, this.options);
      if (kind === "other") this.#leave(node);
    }
    if (ts.isBinaryExpression(node)) return this.#emitLogical(node);
    if (ts.isConditionalExpression(node)) {
      const condition = this.#known(node.condition);
      if (condition !== undefined) return this.#emitExpression(condition.v ? node.whenTrue : node.whenFalse);
    }
    if (ts.isParenthesizedExpression(node) && FOLDABLE.has(node.expression.kind)) {
      // (flag ? "a" : "b") folded to "a" needs no parentheses; a folded chain keeps them.
      const inner = this.#emitExpression(node.expression);
      if (inner !== node.expression.getText(this.source) && isPrimary(inner)) return inner;
    }
    if (ts.isJsxExpression(node) && node.expression !== undefined) {
      const folded = this.#emitExpression(node.expression);
      const inChildren = ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent);
      if (inChildren && folded !== node.expression.getText(this.source)) {
        const unwrapped = stripParens(folded);
        // {flag && <New/>} kept on is <New/>; kept off it renders nothing.
        if (/^<[\s\S]*>$/.test(unwrapped)) return unwrapped;
        if (folded === "false" || folded === "null" || folded === "undefined") return "";
      }
    }
    if (ts.isIfStatement(node)) return this.#emitIf(node);
    if (ts.isVariableStatement(node)) {
      const declarations = node.declarationList.declarations;
      if (
        declarations.every(
          (d) =>
            ts.isIdentifier(d.name) &&
            this.#vars.has(d.name.text) &&
            d.initializer !== undefined &&
            this.#known(d.initializer) !== undefined,
        )
      ) {
        return null;
      }
    }
    if (ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      return this.#emitWithStatementList(node, node.statements);
    }
    return this.#splice(node);
  }

  #emitExpression(node: ts.Expression): string {
    return this.#emit(node) ?? "";
  }

  #emitLogical(node: ts.BinaryExpression): string {
    const op = node.operatorToken.kind;
    if (op !== ts.SyntaxKind.AmpersandAmpersandToken && op !== ts.SyntaxKind.BarBarToken)
      return this.#splice(node) ?? "";
    const and = op === ts.SyntaxKind.AmpersandAmpersandToken;
    const left = this.#known(node.left);
    if (left !== undefined) {
      // true && x is x; false || x is x (the other outcomes are known and were inlined by #emit).
      if (Boolean(left.v) === and) return this.#emitExpression(node.right);
    }
    const right = this.#known(node.right);
    if (right !== undefined && this.#inBooleanContext(node)) {
      if (Boolean(right.v) === and) return this.#emitExpression(node.left);
      return literalText(!and);
    }
    return this.#splice(node) ?? "";
  }

  #emitIf(node: ts.IfStatement): string | null {
    const condition = this.#known(node.expression);
    if (condition === undefined) {
      const { source } = this;
      const head = source.text.slice(node.getStart(source), node.expression.getStart(source));
      const expression = this.#emitExpression(node.expression);
      const between = source.text.slice(node.expression.end, node.thenStatement.getStart(source));
      const then = this.#emit(node.thenStatement) ?? "{}";
      if (node.elseStatement === undefined) return head + expression + between + then;
      const elseText = this.#emit(node.elseStatement);
      if (elseText === null) return head + expression + between + then;
      return (
        head +
        expression +
        between +
        then +
        source.text.slice(node.thenStatement.end, node.elseStatement.getStart(source)) +
        elseText
      );
    }
    const chosen = condition.v ? node.thenStatement : node.elseStatement;
    if (chosen === undefined) return null;
    if (!LIST_PARENTS.has(node.parent.kind)) return this.#emit(chosen) ?? "{}";
    if (ts.isBlock(chosen)) return this.#unwrapBlock(chosen, node);
    return this.#emit(chosen);
  }

  /** The statements of a taken branch, re-indented to where the `if` stood; null when there are none. */
  #unwrapBlock(block: ts.Block, anchor: ts.Node): string | null {
    const first = block.statements[0];
    const last = block.statements.at(-1);
    if (first === undefined || last === undefined) return null;
    const body = this.#emitStatements(block.statements);
    if (body.trim() === "") return null;
    const delta = indentOf(this.source, first).length - indentOf(this.source, anchor).length;
    if (delta <= 0) return body;
    const pattern = new RegExp(`\\n[ \\t]{0,${delta}}`, "g");
    return body.replace(pattern, "\n");
  }

  #emitWithStatementList(node: ts.Node, statements: ts.NodeArray<ts.Statement>): string {
    const { source } = this;
    const first = statements[0];
    const last = statements.at(-1);
    const text = source.text.slice(node.getStart(source), node.end);
    if (first === undefined || last === undefined) return this.#splice(node) ?? text;
    const start = node.getStart(source);
    const before = source.text.slice(start, first.getStart(source));
    const after = source.text.slice(last.end, node.end);
    return before + this.#emitStatements(statements) + after;
  }

  /**
   * A statement list with each statement's new text; a removed statement takes its whole line with it, and what
   * follows a statement that now always returns or throws is unreachable and goes too.
   */
  #emitStatements(statements: readonly ts.Statement[]): string {
    const { source } = this;
    let out = "";
    let cursor = statements[0]?.getStart(source) ?? 0;
    let atStart = true;
    let removedLast = false;
    for (const statement of statements) {
      const start = statement.getStart(source);
      let gap = source.text.slice(cursor, start);
      // The list's caller already wrote the indentation of its first line.
      if (atStart) gap = gap.replace(/^\s+/, "");
      // A removed statement with blank lines on both sides leaves one blank line, not two.
      if (removedLast && out.endsWith("\n\n") && gap.startsWith("\n")) gap = gap.slice(1);
      const emitted = this.#emit(statement);
      if (emitted === null) {
        out += gap.replace(/[ \t]+$/, "");
        cursor = skipRestOfLine(source.text, statement.end);
        removedLast = true;
        if (out.trim() === "") out = "";
        atStart = out === "";
        continue;
      }
      out += gap + emitted;
      cursor = statement.end;
      atStart = false;
      removedLast = false;
      if (this.#alwaysExitsAfterFold(statement)) break;
    }
    return out.trimEnd();
  }

  /** An `if` that folded to a branch ending in return or throw: nothing after it in its list runs any more. */
  #alwaysExitsAfterFold(statement: ts.Statement): boolean {
    if (!ts.isIfStatement(statement)) return false;
    const condition = this.#known(statement.expression);
    if (condition === undefined) return false;
    const chosen = condition.v ? statement.thenStatement : statement.elseStatement;
    return chosen !== undefined && alwaysExits(chosen);
  }

  /** The node's own text with each child replaced by its new text. */
  #splice(node: ts.Node): string | null {
    const { source } = this;
    const start = node.getStart(source);
    let out = "";
    let cursor = start;
    ts.forEachChild(node, (child) => {
      const childStart = child.getStart(source);
      if (childStart < cursor) return;
      const emitted = this.#emit(child);
      out += source.text.slice(cursor, childStart) + (emitted ?? "");
      cursor = child.end;
    });
    return out + source.text.slice(cursor, node.end);
  }

  #involvesFlag(node: ts.Node): boolean {
    if (flagCallKind(node, this.options) !== undefined) return true;
    if (ts.isIdentifier(node) && this.#isReference(node) && this.#vars.has(node.text)) return true;
    return ts.forEachChild(node, (child) => (this.#involvesFlag(child) ? true : undefined)) === true;
  }

  #inBooleanContext(node: ts.Node): boolean {
    let child: ts.Node = node;
    let parent = node.parent;
    while (ts.isParenthesizedExpression(parent)) {
      child = parent;
      parent = parent.parent;
    }
    if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent))
      return parent.expression === child;
    if (ts.isConditionalExpression(parent)) return parent.condition === child;
    if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
    if (ts.isBinaryExpression(parent)) {
      const op = parent.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken)
        return this.#inBooleanContext(parent);
    }
    return false;
  }

  #leave(node: ts.Node): void {
    const at = this.source.getLineAndCharacterOfPosition(node.getStart(this.source));
    this.left.push({ line: at.line + 1, text: node.getText(this.source).slice(0, 120) });
  }
}

const FOLDABLE = new Set([
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.Identifier,
]);

/** `flags.isOn("k")`, `!flags.isOn("k")`, `await client.getBooleanValue("k", false)`. */
function holdsFlagAnswer(node: ts.Expression, matcher: FoldOptions): boolean {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAwaitExpression(current) ||
    (ts.isPrefixUnaryExpression(current) && current.operator === ts.SyntaxKind.ExclamationToken)
  ) {
    current = ts.isPrefixUnaryExpression(current) ? current.operand : current.expression;
  }
  const kind = flagCallKind(current, matcher);
  return kind === "boolean" || kind === "value";
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

function literalOf(node: ts.Expression): Known | undefined {
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { v: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { v: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { v: null };
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { v: node.text };
  if (ts.isNumericLiteral(node)) return { v: Number(node.text) };
  return undefined;
}

/** The source text of a value: JSON is valid JavaScript for every value a flag serves. */
export function literalText(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

function isPrimary(text: string): boolean {
  return /^(?:[\w$.]+(?:\([^()]*\))?|"(?:[^"\\]|\\.)*"|\[[^[\]]*\]|\{[^{}]*\}|<[\s\S]*>)$/.test(text.trim());
}

function stripParens(text: string): string {
  let out = text.trim();
  while (out.startsWith("(") && out.endsWith(")")) out = out.slice(1, -1).trim();
  return out;
}

function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && alwaysExits(last);
  }
  return false;
}

function indentOf(source: ts.SourceFile, node: ts.Node): string {
  const start = node.getStart(source);
  const lineStart = source.text.lastIndexOf("\n", start - 1) + 1;
  return /^[ \t]*/.exec(source.text.slice(lineStart, start))?.[0] ?? "";
}

/** After a removed statement: past the rest of its line when only blanks (or a comment) remain there. */
function skipRestOfLine(text: string, from: number): number {
  const match = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(from, from + 200));
  return match === null ? from : from + match[0].length;
}
