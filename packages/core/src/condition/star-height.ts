/** A parsed pattern, reduced to what star height depends on: atoms, groups and quantifiers. */
type PatternNode = 0 | PatternGroup | PatternRepeat;

interface PatternGroup {
  alternatives: PatternNode[][];
}

interface PatternRepeat {
  repeated: PatternNode;
}

const MAX_QUANTIFIERS = 25;
const BRACED_QUANTIFIER = /^\d+(,\d*)?\}/;
const GROUP_NAME_START = /[a-zA-Z_$]/;
const GROUP_NAME_PART = /[a-zA-Z0-9_$]/;
// Escapes `ret` decodes before parsing; decoding can turn `\u005C` into a bare backslash that escapes what follows.
const DECODED_ESCAPES = /(\[\\b\])|(\\)?\\(?:u([A-F0-9]{4})|x([A-F0-9]{2})|c([@A-Z[\\\]^?])|([0tnvfr]))/g;
const CONTROL_LETTERS = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^ ?";
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { 0: 0, t: 9, n: 10, v: 11, f: 12, r: 13 };

/**
 * Whether a regex pattern is free of nested quantifiers: the same verdict as `isRegexSafe` (`safe-regex2`) for
 * every pattern `RegExp` accepts, without its parser, so that browser bundles stay small.
 *
 * It reproduces `safe-regex2` 5.x over `ret` 0.5, quirks included: a quantifier directly inside a quantified group
 * (star height above 1) or more than 25 quantifiers make a pattern unsafe, and so does syntax `ret` does not
 * parse (lookbehind, group names outside `[a-zA-Z0-9_$]`). A quantifier applied to a quantifier (`a+?`, `(a+)+?`)
 * is counted once and not looked into, as there. Same limits too: overlapping alternatives (`(a|a)*$`) and
 * polynomial patterns (`\s*\s*$`) pass. Agreement with `safe-regex2` is tested on fixed and generated patterns.
 */
export function hasSafeStarHeight(pattern: string): boolean {
  const root = parsePattern(pattern.replace(DECODED_ESCAPES, decodeEscape));
  return root !== undefined && walk(root, 0, { quantifiers: 0 });
}

function decodeEscape(
  match: string,
  backspace: string | undefined,
  escaped: string | undefined,
  hex4: string | undefined,
  hex2: string | undefined,
  control: string | undefined,
  simple: string | undefined,
): string {
  if (escaped) return match;
  const code = backspace
    ? 8
    : hex4 || hex2
      ? Number.parseInt((hex4 || hex2) as string, 16)
      : control
        ? CONTROL_LETTERS.indexOf(control)
        : (SIMPLE_ESCAPES[simple as string] as number);
  const char = String.fromCharCode(code);
  return /[[\]{}^$.|?*+()]/.test(char) ? `\\${char}` : char;
}

/** Parses like `ret`'s tokenizer; `undefined` where it would throw. */
function parsePattern(text: string): PatternGroup | undefined {
  const root: PatternGroup = { alternatives: [[]] };
  const open: PatternGroup[] = [];
  let group = root;
  let sequence = root.alternatives[0] as PatternNode[];
  let i = 0;
  while (i < text.length) {
    const char = text[i++];
    let quantified = char === "?" || char === "+" || char === "*";
    if (char === "\\") {
      if (i === text.length) return undefined;
      // A back-reference's digits are one node, like any other escape.
      if (/\d/.test(text[i++] as string)) while (/\d/.test(text[i] ?? "")) i++;
    } else if (char === "[") {
      i = classEnd(text, i);
      if (i < 0) return undefined;
    } else if (char === "(") {
      const inner: PatternGroup = { alternatives: [[]] };
      if (text[i] === "?") {
        i = groupBodyStart(text, i);
        if (i < 0) return undefined;
      }
      sequence.push(inner);
      open.push(group);
      group = inner;
      sequence = inner.alternatives[0] as PatternNode[];
      continue;
    } else if (char === ")") {
      const outer = open.pop();
      if (outer === undefined) return undefined;
      group = outer;
      sequence = outer.alternatives[outer.alternatives.length - 1] as PatternNode[];
      continue;
    } else if (char === "|") {
      sequence = [];
      group.alternatives.push(sequence);
      continue;
    } else if (char === "{") {
      const braced = BRACED_QUANTIFIER.exec(text.slice(i));
      if (braced !== null) {
        i += braced[0].length;
        quantified = true;
      }
    }
    if (!quantified) sequence.push(0);
    else if (sequence.length === 0) return undefined;
    else sequence.push({ repeated: sequence.pop() as PatternNode });
  }
  return open.length === 0 ? root : undefined;
}

/** The index after a character class whose body starts at `start`, or -1 when it is not closed. */
function classEnd(text: string, start: number): number {
  let i = text[start] === "^" ? start + 1 : start;
  while (i < text.length) {
    const char = text[i++];
    if (char === "]") return i;
    if (char === "\\") i++;
  }
  return -1;
}

/** After `(?`: the index where the group's body starts, or -1 for a group kind `ret` does not know. */
function groupBodyStart(text: string, question: number): number {
  const kind = text[question + 1];
  let i = question + 2;
  if (kind === "=" || kind === "!" || kind === ":") return i;
  if (kind !== "<" || !GROUP_NAME_START.test(text[i] ?? "")) return -1;
  while (GROUP_NAME_PART.test(text[++i] ?? ""));
  return text[i] === ">" ? i + 1 : -1;
}

function walk(node: PatternNode, height: number, count: { quantifiers: number }): boolean {
  if (node === 0) return true;
  if ("repeated" in node) {
    if (height + 1 > 1 || ++count.quantifiers > MAX_QUANTIFIERS) return false;
    // Only a quantified group is looked into: a quantifier on a quantifier stops the walk.
    return node.repeated === 0 || "repeated" in node.repeated || walk(node.repeated, height + 1, count);
  }
  for (const alternative of node.alternatives) {
    for (const item of alternative) if (!walk(item, height, count)) return false;
  }
  return true;
}
