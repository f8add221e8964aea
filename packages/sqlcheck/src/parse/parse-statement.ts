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
  return dialect === "postgres" ? parsePostgresStatement(text) : parseMysqlStatement(text, dialect);
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
