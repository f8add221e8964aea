import ts from "typescript";
import { scriptKindOf } from "./fold-flag.js";

/**
 * Removes what a fold left unused: import bindings, and local (not exported) constants and functions that the
 * original file used and the folded one no longer does. Repeats until nothing more goes (dropping a dead helper can
 * leave its imports unused). Something already unused before the fold is left alone: it is not this cleanup's.
 */
export function removeNewlyUnused(fileName: string, original: string, folded: string): string {
  const usedBefore = identifierCounts(parse(fileName, original));
  let text = folded;
  for (let round = 0; round < 5; round++) {
    const source = parse(fileName, text);
    const counts = identifierCounts(source);
    const unused = (name: ts.Identifier) => (counts.get(name.text) ?? 0) <= 1 && (usedBefore.get(name.text) ?? 0) > 1;
    const edits = removals(source, unused);
    if (edits.length === 0) return text;
    edits.sort((a, b) => b.start - a.start);
    for (const edit of edits) text = text.slice(0, edit.start) + text.slice(edit.end);
    // Removed imports at the top leave no blank line behind them.
    if (!/^\s/.test(folded)) text = text.replace(/^\s+/, "");
  }
  return text;
}

interface Removal {
  start: number;
  end: number;
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
}

/** How often each identifier's text occurs (a declaration counts once, each use once more). */
function identifierCounts(source: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    // JSX tag names are identifiers too, so a component used only as <Old/> counts as used.
    ts.forEachChild(node, visit);
  };
  visit(source);
  return counts;
}

function removals(source: ts.SourceFile, unused: (name: ts.Identifier) => boolean): Removal[] {
  const edits: Removal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause !== undefined) {
      edits.push(...importRemovals(source, node, node.importClause, unused));
      return;
    }
    if (ts.isVariableStatement(node) && !isExported(node)) {
      const [only, ...more] = node.declarationList.declarations;
      if (only !== undefined && more.length === 0 && ts.isIdentifier(only.name) && unused(only.name)) {
        edits.push(wholeLines(source, node));
        return;
      }
    }
    if (ts.isFunctionDeclaration(node) && !isExported(node) && node.name !== undefined && unused(node.name)) {
      edits.push(wholeLines(source, node));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edits;
}

function importRemovals(
  source: ts.SourceFile,
  node: ts.ImportDeclaration,
  clause: ts.ImportClause,
  unused: (name: ts.Identifier) => boolean,
): Removal[] {
  const bindings = clause.namedBindings;
  const defaultGone = clause.name === undefined || unused(clause.name);
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
    return defaultGone && unused(bindings.name) ? [wholeLines(source, node)] : [];
  }
  const specifiers = bindings?.elements ?? ts.factory.createNodeArray<ts.ImportSpecifier>();
  const gone = specifiers.filter((specifier) => unused(specifier.name));
  if (defaultGone && gone.length === specifiers.length) {
    return clause.name === undefined && specifiers.length === 0 ? [] : [wholeLines(source, node)];
  }
  const edits: Removal[] = [];
  specifiers.forEach((specifier, index) => {
    if (!gone.includes(specifier)) return;
    const next = specifiers[index + 1];
    const previous = specifiers[index - 1];
    if (next !== undefined) edits.push({ start: specifier.getStart(source), end: next.getStart(source) });
    else if (previous !== undefined && !gone.includes(previous))
      edits.push({ start: previous.end, end: specifier.end });
    else edits.push({ start: specifier.getStart(source), end: specifier.end });
  });
  if (clause.name !== undefined && unused(clause.name) && bindings !== undefined) {
    edits.push({ start: clause.name.getStart(source), end: bindings.getStart(source) });
  }
  return mergeOverlapping(edits);
}

function mergeOverlapping(edits: Removal[]): Removal[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const merged: Removal[] = [];
  for (const edit of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && edit.start <= last.end) last.end = Math.max(last.end, edit.end);
    else merged.push({ ...edit });
  }
  return merged;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** A statement's range widened to its whole lines (indentation before it, the line break after it). */
function wholeLines(source: ts.SourceFile, node: ts.Node): Removal {
  const text = source.text;
  let start = node.getStart(source);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) start = lineStart;
  let end = node.end;
  const rest = /^[ \t]*\r?\n/.exec(text.slice(end, end + 200));
  if (rest !== null) end += rest[0].length;
  // A blank line left on both sides of the removed lines collapses to one; none stays at the top of the file.
  if ((start === 0 || text.slice(start - 2, start) === "\n\n") && /^\r?\n/.test(text.slice(end))) {
    end += text[end] === "\r" ? 2 : 1;
  }
  return { start, end };
}
