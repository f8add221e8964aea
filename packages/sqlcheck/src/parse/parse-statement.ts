import { init as initSqlparser, parse as parseWithSqlparser } from "@guanmingchiu/sqlparser-ts";
import { loadModule as loadPostgresParser, parseSync as parsePostgres } from "libpg-query";
import nodeSqlParser from "node-sql-parser/build/mysql.js";
import type { Change } from "../model/change.js";
import type { Dialect } from "../model/dialect.js";
import { mysqlChange } from "./mysql-changes.js";
import { mysqlFallbackChange } from "./mysql-fallback-changes.js";
import { postgresChange } from "./postgres-changes.js";
import { list, num } from "./tree.js";

/** Which parser understood a statement. */
export type ParserName = "libpg-query" | "sqlparser-rs" | "node-sql-parser";

export type ParseOutcome =
  | { readonly parsed: true; readonly changes: readonly Change[]; readonly parser: ParserName }
  | { readonly parsed: false; readonly message: string; readonly offset?: number };

let ready: Promise<void> | undefined;

/** Loads both WebAssembly parsers once; every other function here needs it to have resolved. */
export function loadParsers(): Promise<void> {
  ready ??= Promise.all([loadPostgresParser(), initSqlparser()]).then(() => undefined);
  return ready;
}

let fallback: InstanceType<typeof nodeSqlParser.Parser> | undefined;

/** Parses one statement cut out by the splitter. Never throws: what no parser reads comes back as a message. */
export function parseStatement(text: string, dialect: Dialect): ParseOutcome {
  return dialect === "postgres"
    ? parsePostgresStatement(fillExtensionPlaceholders(text))
    : parseMysqlStatement(text, dialect);
}

const extensionPlaceholder = /@(extschema(?::[A-Za-z0-9_]+)?|extowner)@/g;

/**
 * An extension script names its schema and owner with `@extschema@`, `@extschema:other@` and `@extowner@`, which
 * CREATE EXTENSION replaces before running it. They become quoted identifiers of the same length (`"extschema"`),
 * so the statement parses and positions in parser messages still point into the file.
 */
export function fillExtensionPlaceholders(text: string): string {
  return text.includes("@ext") ? text.replace(extensionPlaceholder, (_placeholder, name: string) => `"${name}"`) : text;
}

/**
 * Parses every statement of a file. Each call into a WebAssembly parser costs far more than the parsing itself, so
 * the statements are first parsed together in one call and handed out one to one; when that fails (one statement
 * is not understood) or the parser counts differently from the splitter, each statement is parsed on its own, so a
 * bad statement never hides its neighbours.
 */
export function parseStatements(rawTexts: readonly string[], dialect: Dialect): ParseOutcome[] {
  const texts = dialect === "postgres" ? rawTexts.map(fillExtensionPlaceholders) : rawTexts;
  if (texts.length > 1) {
    const together = parseTogether(texts, dialect);
    if (together) return together;
  }
  return texts.map((text) => parseStatement(text, dialect));
}

function parseTogether(texts: readonly string[], dialect: Dialect): ParseOutcome[] | undefined {
  // A newline before each `;` keeps a trailing line comment from swallowing the delimiter.
  const joined = texts.join("\n;\n");
  try {
    if (dialect === "postgres") {
      const stmts = list(parsePostgres(joined), "stmts");
      if (stmts.length !== texts.length) return undefined;
      return stmts.map((raw) => ({
        parsed: true,
        changes: [postgresChange((raw as { stmt?: unknown }).stmt)],
        parser: "libpg-query",
      }));
    }
    const statements = parseWithSqlparser(joined, "mysql") as unknown[];
    if (statements.length !== texts.length) return undefined;
    return statements.map((statement) => ({ parsed: true, changes: [mysqlChange(statement)], parser: "sqlparser-rs" }));
  } catch {
    return undefined;
  }
}

function parsePostgresStatement(text: string): ParseOutcome {
  try {
    const result = parsePostgres(text);
    return {
      parsed: true,
      changes: list(result, "stmts").map((raw) => postgresChange((raw as { stmt?: unknown }).stmt)),
      parser: "libpg-query",
    };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const offset = num(details, "cursorPosition");
    return { parsed: false, message: messageOf(error), ...(offset !== undefined ? { offset } : {}) };
  }
}

function parseMysqlStatement(text: string, dialect: Dialect): ParseOutcome {
  let firstError: string;
  try {
    const statements = parseWithSqlparser(text, "mysql") as unknown[];
    return { parsed: true, changes: statements.map(mysqlChange), parser: "sqlparser-rs" };
  } catch (error) {
    firstError = messageOf(error);
  }
  try {
    fallback ??= new nodeSqlParser.Parser();
    const ast = fallback.astify(text, { database: dialect === "mariadb" ? "mariadb" : "mysql" });
    const statements = Array.isArray(ast) ? ast : [ast];
    return { parsed: true, changes: statements.map(mysqlFallbackChange), parser: "node-sql-parser" };
  } catch {
    return { parsed: false, message: firstError };
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^sql parser error:\s*/, "");
}
