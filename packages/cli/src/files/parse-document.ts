import { isCollection, LineCounter, parseDocument } from "yaml";
import { invalidInput } from "../cli-error.js";

/** A parsed YAML or JSON file that can still tell on which line a value was written. */
export interface ParsedDocument {
  value: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that exists in the file. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * Parses YAML or JSON (JSON is a subset of YAML 1.2) keeping source positions, so that validation problems
 * can name the file and line. Syntax errors name the file, line and column.
 */
export function parseDocumentText(text: string, fileName: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [first] = doc.errors;
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const where = `${fileName}:${pos.line}:${pos.col}`;
    throw invalidInput(`${where}: ${first.message.split("\n")[0]}`);
  }
  return {
    value: doc.toJS({ maxAliasCount: 100 }),
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        const offset = isCollection(node) || isNodeWithRange(node) ? node.range?.[0] : undefined;
        if (offset !== undefined) return lineCounter.linePos(offset).line;
      }
      return undefined;
    },
  };
}

function isNodeWithRange(node: unknown): node is { range?: [number, number, number] } {
  return typeof node === "object" && node !== null && "range" in node;
}
