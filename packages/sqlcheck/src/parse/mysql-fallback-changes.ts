import type { AlterAction, Change, ColumnSpec, IndexSpec } from "../model/change.js";
import { child, isTree, list, text } from "./tree.js";

/**
 * Maps node-sql-parser's MySQL/MariaDB tree onto the rules' view. It is the second opinion, asked only when
 * sqlparser-rs cannot read a statement, so it covers the statements migrations are made of, not the whole grammar.
 */
export function mysqlFallbackChange(ast: unknown): Change {
  switch (text(ast, "type")) {
    case "create":
      return text(ast, "keyword") === "table"
        ? createTable(ast)
        : { kind: "other", description: `CREATE ${text(ast, "keyword") ?? ""}`.trim() };
    case "alter":
      return alterTable(ast);
    case "drop":
      return text(ast, "keyword") === "table"
        ? {
            kind: "drop-table",
            tables: list(ast, "name").map(tableName),
            ifExists: isTree(ast) && ast["prefix"] === "if exists",
          }
        : {
            kind: "drop-object",
            objectType: text(ast, "keyword") ?? "object",
            names: list(ast, "name").map(tableName),
            ifExists: false,
          };
    case "rename":
      return {
        kind: "rename-table",
        renames: list(ast, "table").map((pair) => ({
          from: tableName((pair as unknown[])[0]),
          to: tableName((pair as unknown[])[1]),
        })),
      };
    case "insert":
    case "replace":
      return { kind: "data", verb: "insert", table: tableName(list(ast, "table")[0]), hasWhere: true };
    case "update":
    case "delete":
      return {
        kind: "data",
        verb: text(ast, "type") === "update" ? "update" : "delete",
        table: tableName(list(ast, "table")[0]),
        hasWhere: isTree(ast) && ast["where"] !== null && ast["where"] !== undefined,
      };
    case "select":
      return { kind: "select" };
    default:
      return { kind: "other", description: text(ast, "type") ?? "statement" };
  }
}

function tableName(node: unknown): string {
  const db = text(node, "db");
  const table = text(node, "table") ?? "";
  return db ? `${db}.${table}` : table;
}

function columnName(node: unknown): string {
  const column = isTree(node) ? node["column"] : undefined;
  if (typeof column === "string") return column;
  return text(child(child(column, "expr"), "value") ?? child(column, "expr"), "value") ?? text(column, "value") ?? "";
}

function typeText(definition: unknown): string {
  const dataType = (text(definition, "dataType") ?? "unknown").toLowerCase();
  const length = isTree(definition) ? definition["length"] : undefined;
  const scale = isTree(definition) ? definition["scale"] : undefined;
  const params = typeof length === "number" ? `(${length}${typeof scale === "number" ? `,${scale}` : ""})` : "";
  return `${dataType}${params}`;
}

function columnSpec(definition: unknown): ColumnSpec {
  const nullable = text(child(definition, "nullable"), "type");
  const defaultValue = child(child(definition, "default_val"), "value");
  const primaryKey = text(definition, "primary_key") !== undefined;
  return {
    name: columnName(child(definition, "column")),
    type: typeText(child(definition, "definition")),
    notNull: nullable === "not null" || primaryKey,
    primaryKey,
    unique: text(definition, "unique") !== undefined,
    ...(defaultValue
      ? {
          default: {
            text: String(defaultValue["value"] ?? "expression"),
            volatile: text(defaultValue, "type") === "function",
            isNull: text(defaultValue, "type") === "null",
          },
        }
      : {}),
    generated: isTree(definition) && definition["generated"] !== null && definition["generated"] !== undefined,
    autoIncrement: text(definition, "auto_increment") !== undefined,
  };
}

function indexColumns(definition: unknown): string[] {
  return (Array.isArray(definition) ? definition : []).map((c: unknown) => text(c, "column") ?? columnName(c));
}

function createTable(ast: unknown): Change {
  const columns: ColumnSpec[] = [];
  const indexes: IndexSpec[] = [];
  let foreignKeys = 0;
  for (const definition of list(ast, "create_definitions")) {
    const resource = text(definition, "resource");
    if (resource === "column") columns.push(columnSpec(definition));
    else if (resource === "constraint") {
      const type = text(definition, "constraint_type") ?? "";
      if (type.includes("foreign")) foreignKeys++;
      else if (type.includes("primary") || type.includes("unique"))
        indexes.push({
          columns: indexColumns(isTree(definition) ? definition["definition"] : []),
          unique: true,
          primary: type.includes("primary"),
        });
    } else if (resource === "index") {
      const name = text(definition, "index");
      indexes.push({
        ...(name ? { name } : {}),
        columns: indexColumns(isTree(definition) ? definition["definition"] : []),
        unique: false,
        primary: false,
      });
    }
  }
  for (const column of columns)
    if (column.primaryKey) indexes.push({ columns: [column.name], unique: true, primary: true });
  let charset: string | undefined;
  for (const option of list(ast, "table_options")) {
    if (
      (text(option, "keyword") ?? "").includes("charset") ||
      (text(option, "keyword") ?? "").includes("character set")
    )
      charset = text(child(option, "value"), "value");
  }
  return {
    kind: "create-table",
    table: tableName(list(ast, "table")[0]),
    columns,
    indexes,
    foreignKeys,
    ifNotExists: text(ast, "if_not_exists") !== undefined,
    temporary: text(ast, "temporary") !== undefined,
    derived:
      isTree(ast) &&
      ((ast["like"] !== null && ast["like"] !== undefined) ||
        (ast["query_expr"] !== null && ast["query_expr"] !== undefined)),
    ...(charset ? { charset } : {}),
  };
}

function alterAction(expr: unknown): AlterAction | { algorithm: string } | { lock: string } {
  const action = text(expr, "action");
  const resource = text(expr, "resource");
  if (resource === "algorithm") return { algorithm: (text(expr, "algorithm") ?? "").toUpperCase() };
  if (resource === "lock") return { lock: (text(expr, "lock") ?? "").toUpperCase() };
  if (resource === "column") {
    if (action === "add") return { kind: "add-column", column: columnSpec(expr) };
    if (action === "drop") return { kind: "drop-column", column: columnName(child(expr, "column")), ifExists: false };
    if (action === "modify")
      return { kind: "redefine-column", column: columnName(child(expr, "column")), spec: columnSpec(expr) };
    if (action === "change")
      return { kind: "redefine-column", column: columnName(child(expr, "old_column")), spec: columnSpec(expr) };
    if (action === "rename")
      return {
        kind: "rename-column",
        from: columnName(child(expr, "old_column")),
        to: columnName(child(expr, "column")),
      };
  }
  if (resource === "index" && action === "add") {
    const name = text(expr, "index");
    return {
      kind: "add-index",
      index: {
        ...(name ? { name } : {}),
        columns: indexColumns(isTree(expr) ? expr["definition"] : []),
        unique: false,
        primary: false,
      },
    };
  }
  if (resource === "index" && action === "drop") return { kind: "drop-index", name: text(expr, "index") ?? "" };
  if (resource === "table" && action === "rename") return { kind: "rename-table", to: text(expr, "table") ?? "" };
  if (resource === "engine" || resource === "charset")
    return { kind: "table-option", name: resource, value: String((isTree(expr) && expr[resource]) ?? "") };
  return { kind: "other", description: `${action ?? ""} ${resource ?? ""}`.trim() };
}

function alterTable(ast: unknown): Change {
  const actions: AlterAction[] = [];
  let algorithm: string | undefined;
  let lock: string | undefined;
  for (const expr of list(ast, "expr")) {
    const mapped = alterAction(expr);
    if ("algorithm" in mapped) algorithm = mapped.algorithm;
    else if ("lock" in mapped) lock = mapped.lock;
    else actions.push(mapped);
  }
  return {
    kind: "alter-table",
    table: tableName(list(ast, "table")[0]),
    actions,
    ...(algorithm ? { algorithm } : {}),
    ...(lock ? { lock } : {}),
  };
}
