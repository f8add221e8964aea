import type { DialectFamily } from "../model/dialect.js";
import { type PsqlMetaCommand, readPsqlMetaCommand } from "./psql-meta-command.js";

/** One statement cut out of a file, with where it starts. Lines and columns are 1-based. */
export interface SplitStatement {
  /** The statement's text without its terminating delimiter; MySQL's versioned comments are opened up. */
  readonly text: string;
  /** Offset of the statement's first character in the file. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
}

/** A comment in the file (its text without the comment markers) and the line it starts on. */
export interface SplitComment {
  readonly text: string;
  readonly line: number;
  readonly offset: number;
}

export interface SplitResult {
  readonly statements: readonly SplitStatement[];
  readonly comments: readonly SplitComment[];
  /** psql meta-commands (PostgreSQL files only): not SQL, kept out of the statements. */
  readonly metaCommands: readonly PsqlMetaCommand[];
}

/** Maps offsets to lines and columns with a binary search over the line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}

const routineHead =
  /^create\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+)?(?:aggregate\s+)?(procedure|function|trigger|event)\b/i;
const wordChar = /[A-Za-z0-9_$]/;
const copyFromStdin = /^copy\b[\s\S]*\bfrom\s+stdin\b/i;

/** Words that open a compound statement MariaDB runs outside a routine (`IF … END IF;` at the top of a script). */
const compoundHeads = new Set(["if", "case", "while", "loop", "repeat", "for"]);

/**
 * Cuts a file into statements the way the server's own client would: quotes, identifiers, comments, PostgreSQL's
 * dollar quoting and psql's meta-commands, the MySQL client's `DELIMITER` command and `BEGIN … END` bodies of
 * routines, triggers and MariaDB's compound statements.
 */
export function splitStatements(source: string, family: DialectFamily): SplitResult {
  return new Splitter(source, family).run();
}

class Splitter {
  private readonly lines: LineIndex;
  private readonly statements: SplitStatement[] = [];
  private readonly comments: SplitComment[] = [];
  private readonly metaCommands: PsqlMetaCommand[] = [];
  private delimiter = ";";
  /** Characters of the current statement, with versioned-comment markers blanked. */
  private chunks: string[] = [];
  private start = -1;
  private blockDepth = 0;
  private routine = false;
  /** A `COPY … FROM STDIN` just ended: its data rows follow, up to a line `\.`. */
  private copyData = false;
  private lastWord = "";

  constructor(
    private readonly source: string,
    private readonly family: DialectFamily,
  ) {
    this.lines = new LineIndex(source);
  }

  run(): SplitResult {
    const s = this.source;
    let i = 0;
    while (i < s.length) {
      if (this.copyData) {
        i = this.skipCopyData(i);
        continue;
      }
      if (
        this.family === "mysql" &&
        this.start < 0 &&
        this.atLineStart(i) &&
        /^delimiter[ \t]/i.test(s.slice(i, i + 10))
      ) {
        i = this.readDelimiterCommand(i);
        continue;
      }
      const ch = s[i] as string;
      if (this.blockDepth === 0 && s.startsWith(this.delimiter, i)) {
        this.finish(i);
        i += this.delimiter.length;
        continue;
      }
      const next = s[i + 1];
      if (ch === "-" && next === "-" && this.opensLineComment(i)) {
        i = this.readLineComment(i, 2);
      } else if (ch === "#" && this.family === "mysql") {
        i = this.readLineComment(i, 1);
      } else if (ch === "/" && next === "*") {
        i = this.readBlockComment(i);
      } else if (ch === "'" || ch === '"' || (ch === "`" && this.family === "mysql")) {
        i = this.readQuoted(i, ch);
      } else if (ch === "$" && this.family === "postgres" && !wordChar.test(s[i - 1] ?? " ")) {
        i = this.readDollarQuoted(i);
      } else if (ch === "\\" && this.family === "postgres") {
        i = this.readMetaCommand(i);
      } else if (wordChar.test(ch)) {
        i = this.readWord(i);
      } else {
        if (!/\s/.test(ch)) this.mark(i);
        this.append(i, i + 1);
        if (ch === ";" || ch === ":") this.lastWord = ch;
        i++;
      }
    }
    this.finish(s.length);
    return { statements: this.statements, comments: this.comments, metaCommands: this.metaCommands };
  }

  /**
   * PostgreSQL: `--` always starts a comment. MySQL needs a space after it, except where its client ignores any line
   * starting with `--` before a statement begins (MariaDB's own scripts write `--- text`).
   */
  private opensLineComment(i: number): boolean {
    if (this.family === "postgres" || /\s/.test(this.source[i + 2] ?? " ")) return true;
    return this.start < 0 && this.atLineStart(i);
  }

  /** A psql meta-command is not SQL: it is left out of the statement (blanked, so offsets hold) and kept apart. */
  private readMetaCommand(i: number): number {
    const read = readPsqlMetaCommand(this.source, i);
    // `\g` and its kin send the buffer, as `;` does.
    if (read.sendsBuffer) this.finish(i);
    else if (this.start >= 0) this.chunks.push(" ".repeat(read.resume - i));
    const { line, column } = this.lines.position(i);
    this.metaCommands.push({
      commands: read.commands,
      text: this.source.slice(i, read.end).trim(),
      offset: i,
      line,
      column,
    });
    return read.resume;
  }

  private atLineStart(i: number): boolean {
    let j = i - 1;
    while (j >= 0 && (this.source[j] === " " || this.source[j] === "\t")) j--;
    return j < 0 || this.source[j] === "\n";
  }

  private readDelimiterCommand(i: number): number {
    const end = this.lineEnd(i);
    const value = this.source.slice(i + "delimiter".length, end).trim();
    if (value.length > 0) this.delimiter = value;
    return end;
  }

  private lineEnd(i: number): number {
    const end = this.source.indexOf("\n", i);
    return end < 0 ? this.source.length : end;
  }

  private mark(i: number): void {
    if (this.start < 0) {
      this.start = i;
      this.chunks = [];
    }
  }

  private append(from: number, to: number): void {
    if (this.start >= 0) this.chunks.push(this.source.slice(from, to));
  }

  private readLineComment(i: number, markerLength: number): number {
    const end = this.lineEnd(i);
    this.comments.push({
      text: this.source.slice(i + markerLength, end).trim(),
      line: this.lines.position(i).line,
      offset: i,
    });
    this.append(i, end);
    return end;
  }

  private readBlockComment(i: number): number {
    const s = this.source;
    // MySQL runs the text of `/*!40101 … */` as code: open it up, keeping offsets, so the parser sees the code.
    const versioned = this.family === "mysql" && s[i + 2] === "!";
    let depth = 1;
    let j = i + 2;
    while (j < s.length && depth > 0) {
      if (s.startsWith("*/", j)) {
        depth--;
        j += 2;
      } else if (this.family === "postgres" && s.startsWith("/*", j)) {
        depth++;
        j += 2;
      } else j++;
    }
    if (versioned) {
      const digits = /^\d*/.exec(s.slice(i + 3, i + 9))?.[0].length ?? 0;
      this.mark(i);
      const inner = s.slice(i + 3 + digits, Math.max(i + 3 + digits, j - 2));
      this.chunks.push(" ".repeat(3 + digits), inner, j - 2 >= i + 3 + digits ? "  " : "");
      return j;
    }
    this.comments.push({
      text: s.slice(i + 2, Math.max(i + 2, j - 2)).trim(),
      line: this.lines.position(i).line,
      offset: i,
    });
    this.append(i, j);
    return j;
  }

  private readQuoted(i: number, quote: string): number {
    const s = this.source;
    const backslashEscapes = this.family === "mysql" ? quote !== "`" : /[eE]/.test(s[i - 1] ?? "");
    let j = i + 1;
    while (j < s.length) {
      const c = s[j];
      if (backslashEscapes && c === "\\") j += 2;
      else if (c === quote && s[j + 1] === quote) j += 2;
      else if (c === quote) {
        j++;
        break;
      } else j++;
    }
    this.mark(i);
    this.append(i, Math.min(j, s.length));
    this.lastWord = "";
    return Math.min(j, s.length);
  }

  private readDollarQuoted(i: number): number {
    const s = this.source;
    const tag = /^\$[A-Za-z_][A-Za-z0-9_]*\$|^\$\$/.exec(s.slice(i, i + 64))?.[0];
    if (!tag) {
      this.mark(i);
      this.append(i, i + 1);
      return i + 1;
    }
    const close = s.indexOf(tag, i + tag.length);
    const end = close < 0 ? s.length : close + tag.length;
    this.mark(i);
    this.append(i, end);
    return end;
  }

  private readWord(i: number): number {
    const s = this.source;
    let j = i + 1;
    // A custom delimiter such as `$$` can touch a word (`END$$`): the word stops where the delimiter starts.
    while (
      j < s.length &&
      wordChar.test(s[j] as string) &&
      !(this.delimiter !== ";" && s.startsWith(this.delimiter, j))
    )
      j++;
    this.mark(i);
    this.append(i, j);
    // With a DELIMITER other than `;` the author has already told where the routine ends.
    if (this.family === "mysql" && this.delimiter === ";") this.trackBlocks(s.slice(i, j).toLowerCase(), j);
    return j;
  }

  /** Inside a MySQL routine body, `;` ends inner statements, not the routine: count the blocks that END closes. */
  private trackBlocks(word: string, after: number): void {
    if (!this.routine) {
      if (this.opensCompound(word, after)) {
        this.routine = true;
        this.blockDepth = 1;
        this.lastWord = word;
        return;
      }
      if (this.chunks.length < 40 && routineHead.test(this.chunks.join(""))) this.routine = true;
      if (!this.routine) return;
    }
    const previous = this.lastWord;
    this.lastWord = word;
    if (previous === "end") return; // END IF, END LOOP, END CASE … close what END already closed.
    const atStatementStart = [";", ":", "begin", "then", "else", "do", "loop", "repeat", ""].includes(previous);
    const rest = this.source.slice(after, after + 12);
    if (word === "begin" && !/^\s*(work|transaction)\b/i.test(rest)) this.blockDepth++;
    else if (word === "case") this.blockDepth++;
    else if (
      (word === "if" || word === "while" || word === "repeat" || word === "loop") &&
      atStatementStart &&
      !/^\s*\(/.test(rest) &&
      this.blockDepth > 0
    )
      this.blockDepth++;
    else if (word === "end" && this.blockDepth > 0) this.blockDepth--;
  }

  /** The rows of `COPY … FROM STDIN` (as pg_dump writes them) are data, not statements: skip past the `\.` line. */
  private skipCopyData(i: number): number {
    const s = this.source;
    let j = this.lineEnd(i) + 1;
    while (j < s.length) {
      const end = this.lineEnd(j);
      const line = s.slice(j, end).replace(/\r$/, "");
      j = end + 1;
      if (line === "\\.") break;
    }
    this.copyData = false;
    return Math.min(j, s.length);
  }

  /** `IF`, `CASE`, `WHILE`, `LOOP`, `REPEAT`, `FOR` or `BEGIN NOT ATOMIC` as the statement's first word (after a label). */
  private opensCompound(word: string, after: number): boolean {
    if (this.chunks.length > 6) return false;
    const head = /^(?:[A-Za-z0-9_$]+\s*:\s*)?([A-Za-z]+)$/.exec(this.chunks.join(""))?.[1]?.toLowerCase();
    if (head !== word) return false;
    if (word === "begin") return /^\s+not\s+atomic\b/i.test(this.source.slice(after, after + 24));
    return compoundHeads.has(word);
  }

  private finish(end: number): void {
    if (this.start >= 0) {
      const text = this.chunks.join("").trimEnd();
      const code = stripCommentsForEmptiness(text, this.family);
      if (code.length > 0) {
        const { line, column } = this.lines.position(this.start);
        this.statements.push({
          text,
          offset: this.start,
          line,
          column,
          endLine: this.lines.position(Math.max(this.start, end - 1)).line,
        });
        this.copyData = this.family === "postgres" && copyFromStdin.test(code);
      }
    }
    this.start = -1;
    this.chunks = [];
    this.blockDepth = 0;
    this.routine = false;
    this.lastWord = "";
  }
}

/** Whether a statement holds anything but comments (a file may end in a comment after its last delimiter). */
function stripCommentsForEmptiness(text: string, family: DialectFamily): string {
  const lineComment = family === "mysql" ? /(--\s|#)[^\n]*/g : /--[^\n]*/g;
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(lineComment, "")
    .trim();
}
