import {
  type AlterAction,
  type Change,
  type ColumnSpec,
  type DefaultValue,
  type IndexSpec,
  isVolatileCall,
} from "../model/change.js";
import { child, flag, isTree, list, num, type Tree, tagged, text, walk } from "./tree.js";

/** Maps one statement of sqlparser-rs's tree (MySQL dialect) onto the rules' view. */
export function mysqlChange(stmt: unknown): Change {
  const node = tagged(stmt);
  if (!node) return { kind: "other", description: "statement" };
  const [kind, body] = node;
  switch (kind) {
    case "CreateTable":
      return createTable(body);
    case "AlterTable":
      return alterTable(body);
    case "CreateIndex":
      return createIndex(body);
    case "Drop":
      return drop(body);
    case "RenameTable":
      return {
        kind: "rename-table",
        renames: (Array.isArray(body) ? body : []).map((r) => ({
          from: objectName(list(r, "old_name")),
          to: objectName(list(r, "new_name")),
        })),
      };
    case "CreateView":
      return {
        kind: "create-view",
        name: objectName(list(body, "name")),
        selectStar: selectsStar(child(body, "query")),
        materialized: flag(body, "materialized"),
      };
    case "Insert":
      return {
        kind: "data",
        verb: "insert",
        table: objectName(list(child(body, "table"), "TableName")),
        hasWhere: true,
      };
    case "Update":
      return {
        kind: "data",
        verb: "update",
        table: objectName(list(child(child(child(body, "table"), "relation"), "Table"), "name")),
        hasWhere: isTree(body) && body["selection"] !== undefined && body["selection"] !== null,
      };
    case "Delete":
      return deleteChange(body);
    case "Truncate":
      return { kind: "truncate", tables: list(body, "table_names").map((t) => objectName(list(t, "name"))) };
    case "StartTransaction":
      return { kind: "transaction", op: "begin" };
    case "Commit":
      return { kind: "transaction", op: "commit" };
    case "Rollback":
      return { kind: "transaction", op: "rollback" };
    case "Set":
      return { kind: "set", name: setName(body), value: "" };
    case "Query":
      return { kind: "select" };
    default:
      return { kind: "other", description: kind };
  }
}

/** `[{Identifier:{value:"db"}}, {Identifier:{value:"t"}}]` → `db.t`. */
export function objectName(parts: readonly unknown[]): string {
  return parts.map((part) => text(child(part, "Identifier"), "value") ?? text(part, "value") ?? "").join(".");
}

function ident(node: unknown): string {
  return text(node, "value") ?? "";
}

/** sqlparser's data type (`{ "Varchar": { "IntegerLength": { "length": 255 } } }`, `"Text"`) as written. */
export function mysqlTypeName(dataType: unknown): string {
  const node = tagged(dataType);
  if (!node) return "unknown";
  const [name, args] = node;
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const params: number[] = [];
  walk(args, (key, value) => {
    if ((key === "length" || key === "IntegerLength") && typeof value === "number") params.push(value);
    return true;
  });
  if (typeof args === "number") params.push(args);
  const precision = list(args, "PrecisionAndScale");
  if (precision.length > 0) params.push(...precision.filter((p): p is number => typeof p === "number"));
  const precisionOnly = num(args, "Precision");
  if (precisionOnly !== undefined) params.push(precisionOnly);
  const base = words.replace(/ unsigned$/, "");
  const unsigned = words.endsWith(" unsigned") ? " unsigned" : "";
  if (name === "Enum" || name === "Set") {
    const values = (Array.isArray(args) ? (args[0] as unknown[]) : []).map((v) => `'${text(v, "Name") ?? ""}'`);
    return `${base}(${values.join(",")})`;
  }
  return `${base}${params.length > 0 ? `(${params.join(",")})` : ""}${unsigned}`;
}

function functionNames(expr: unknown): string[] {
  const names: string[] = [];
  walk(expr, (key, value) => {
    if (key === "Function") names.push(objectName(list(value, "name")));
    return true;
  });
  return names;
}

function defaultValue(expr: unknown): DefaultValue {
  const calls = functionNames(expr);
  const value = child(child(expr, "Value"), "value");
  const isNull =
    isTree(expr) &&
    child(expr, "Value") !== undefined &&
    (value === undefined ? text(child(expr, "Value"), "value") === "Null" : false);
  const numberParts = value?.["Number"];
  const literal =
    text(value, "SingleQuotedString") ?? (Array.isArray(numberParts) ? String(numberParts[0]) : undefined);
  return {
    text: calls[0] ? `${calls[0]}()` : isNull ? "NULL" : (literal ?? "expression"),
    volatile: isVolatileCall(calls),
    isNull,
  };
}

function columnSpec(def: unknown, position?: unknown): ColumnSpec {
  const options = list(def, "options").map((o) => (isTree(o) && "option" in o ? o["option"] : o));
  return columnFromOptions(
    ident(child(def, "name")),
    child(def, "data_type") ?? (text(def, "data_type") as unknown),
    options,
    position,
  );
}

function columnFromOptions(
  name: string,
  dataType: unknown,
  options: readonly unknown[],
  position?: unknown,
): ColumnSpec {
  let notNull = false;
  let primaryKey = false;
  let unique = false;
  let generated = false;
  let autoIncrement = false;
  let defaultSpec: DefaultValue | undefined;
  let comment: string | undefined;
  let charset: string | undefined;
  let references: string | undefined;
  for (const option of options) {
    const [tag, value] = tagged(option) ?? ["", undefined];
    if (tag === "NotNull") notNull = true;
    else if (tag === "PrimaryKey" || (tag === "Unique" && flag(value, "is_primary"))) {
      primaryKey = true;
      notNull = true;
    } else if (tag === "Unique") unique = true;
    else if (tag === "Default") defaultSpec = defaultValue(value);
    else if (tag === "Comment") comment = typeof value === "string" ? value : "";
    else if (tag === "CharacterSet") charset = objectName(Array.isArray(value) ? value : []);
    else if (tag === "Generated") generated = true;
    else if (tag === "ForeignKey") references = objectName(list(value, "foreign_table"));
    else if (tag === "DialectSpecific" && JSON.stringify(value).toUpperCase().includes("AUTO_INCREMENT"))
      autoIncrement = true;
  }
  const type = mysqlTypeName(dataType);
  const placed = position === "First" ? "first" : child(position, "After") ? "after" : undefined;
  return {
    name,
    type,
    notNull,
    primaryKey,
    unique,
    ...(defaultSpec ? { default: defaultSpec } : {}),
    ...(comment !== undefined ? { comment } : {}),
    generated,
    autoIncrement,
    ...(charset ? { charset } : {}),
    ...(references ? { references } : {}),
    ...(placed ? { position: placed } : {}),
  };
}

function indexColumns(columns: readonly unknown[]): string[] {
  return columns.map((c) => {
    const expr = child(child(c, "column"), "expr") ?? child(c, "expr");
    const identifier = child(expr, "Identifier");
    if (identifier) return ident(identifier);
    const fn = child(expr, "Function");
    return fn ? objectName(list(fn, "name")) : ident(c) || "(expression)";
  });
}

/** A table-level constraint or index of CREATE TABLE or ALTER TABLE … ADD. */
function indexOf(constraint: unknown): (IndexSpec & { foreignKey?: boolean; check?: boolean }) | undefined {
  const node = tagged(constraint);
  if (!node) return undefined;
  const [kind, body] = node;
  const columns = indexColumns(list(body, "columns"));
  const name = ident(child(body, "name")) || ident(child(body, "index_name")) || ident(child(body, "opt_index_name"));
  const named = name ? { name } : {};
  switch (kind) {
    case "PrimaryKey":
      return { ...named, columns, unique: true, primary: true };
    case "Unique":
      return { ...named, columns, unique: true, primary: false };
    case "Index":
      return { ...named, columns, unique: false, primary: false };
    case "FulltextOrSpatial":
      return { ...named, columns, unique: false, primary: false, fulltext: true };
    case "ForeignKey":
      return { ...named, columns: list(body, "columns").map(ident), unique: false, primary: false, foreignKey: true };
    case "Check":
      return { ...named, columns: [], unique: false, primary: false, check: true };
    default:
      return undefined;
  }
}

function tableOptions(body: unknown): { charset?: string; collation?: string; engine?: string } {
  const result: { charset?: string; collation?: string; engine?: string } = {};
  const options = list(child(body, "table_options"), "Plain");
  for (const option of options) {
    const named = child(option, "NamedParenthesizedList");
    const keyValue = child(option, "KeyValue");
    const key = (ident(child(named ?? keyValue, "key")) || "").toUpperCase();
    const value = named
      ? ident(child(named, "name"))
      : (text(child(child(keyValue, "value"), "Identifier"), "value") ??
        text(child(keyValue, "value"), "SingleQuotedString") ??
        "");
    if (key === "ENGINE") result.engine = value;
    else if (key.endsWith("CHARSET") || key.endsWith("CHARACTER SET")) result.charset = value;
    else if (key.endsWith("COLLATE")) result.collation = value;
  }
  return result;
}

function createTable(body: unknown): Change {
  const columns = list(body, "columns").map((c) => columnSpec(c));
  const indexes: IndexSpec[] = [];
  let foreignKeys = columns.filter((c) => c.references).length;
  for (const column of columns)
    if (column.primaryKey || column.unique)
      indexes.push({ columns: [column.name], unique: true, primary: column.primaryKey });
  for (const constraint of list(body, "constraints")) {
    const index = indexOf(constraint);
    if (!index) continue;
    if (index.foreignKey) foreignKeys++;
    else if (!index.check)
      indexes.push({
        ...(index.name ? { name: index.name } : {}),
        columns: index.columns,
        unique: index.unique,
        primary: index.primary,
        ...(index.fulltext ? { fulltext: true } : {}),
      });
  }
  const derived =
    isTree(body) &&
    ((body["like"] !== undefined && body["like"] !== null) || (body["query"] !== undefined && body["query"] !== null));
  return {
    kind: "create-table",
    table: objectName(list(body, "name")),
    columns,
    indexes,
    foreignKeys,
    ifNotExists: flag(body, "if_not_exists"),
    temporary: flag(body, "temporary"),
    derived,
    ...tableOptions(body),
  };
}

function alterOperation(operation: unknown): AlterAction | { algorithm: string } | { lock: string } {
  const [kind, body] = tagged(operation) ?? ["", undefined];
  switch (kind) {
    case "AddColumn":
      return {
        kind: "add-column",
        column: columnSpec(child(body, "column_def"), isTree(body) ? body["column_position"] : undefined),
      };
    case "DropColumn":
      return {
        kind: "drop-column",
        column: list(body, "column_names").map(ident).join(", ") || ident(child(body, "column_name")),
        ifExists: flag(body, "if_exists"),
      };
    case "RenameColumn":
      return {
        kind: "rename-column",
        from: ident(child(body, "old_column_name")),
        to: ident(child(body, "new_column_name")),
      };
    case "ModifyColumn":
    case "ChangeColumn": {
      const oldName = ident(child(body, kind === "ModifyColumn" ? "col_name" : "old_name"));
      const newName = kind === "ChangeColumn" ? ident(child(body, "new_name")) : oldName;
      const spec = columnFromOptions(
        newName,
        isTree(body) ? body["data_type"] : undefined,
        list(body, "options"),
        isTree(body) ? body["column_position"] : undefined,
      );
      return { kind: "redefine-column", column: oldName, spec };
    }
    case "AlterColumn":
      return alterColumn(body);
    case "AddConstraint": {
      const index = indexOf(child(body, "constraint"));
      if (!index) return { kind: "other", description: "ADD CONSTRAINT" };
      if (index.foreignKey || index.check) {
        return {
          kind: "add-constraint",
          constraint: index.foreignKey ? "foreign-key" : "check",
          ...(index.name ? { name: index.name } : {}),
          columns: index.columns,
          notValid: false,
          usingIndex: false,
        };
      }
      return {
        kind: "add-index",
        index: {
          ...(index.name ? { name: index.name } : {}),
          columns: index.columns,
          unique: index.unique,
          primary: index.primary,
          ...(index.fulltext ? { fulltext: true } : {}),
        },
      };
    }
    case "DropIndex":
      return { kind: "drop-index", name: ident(child(body, "name")) };
    case "DropPrimaryKey":
      return { kind: "drop-constraint", name: "PRIMARY", constraint: "primary-key" };
    case "DropForeignKey":
      return { kind: "drop-constraint", name: ident(child(body, "name")), constraint: "foreign-key" };
    case "DropConstraint":
      return { kind: "drop-constraint", name: ident(child(body, "name")) };
    case "RenameTable": {
      const to = child(child(body, "table_name"), "To") ?? child(body, "table_name");
      return { kind: "rename-table", to: objectName(Array.isArray(to) ? to : list(child(body, "table_name"), "To")) };
    }
    case "Algorithm":
      return { algorithm: (text(body, "algorithm") ?? "").toUpperCase() };
    case "Lock":
      return { lock: (text(body, "lock") ?? "").toUpperCase() };
    default:
      return { kind: "other", description: kind };
  }
}

function alterColumn(body: unknown): AlterAction {
  const column = ident(child(body, "column_name"));
  const op = isTree(body) ? body["op"] : undefined;
  const [kind, value] = tagged(op) ?? ["", undefined];
  switch (kind) {
    case "SetDefault":
      return { kind: "set-default", column, default: defaultValue(child(value, "value")) };
    case "DropDefault":
      return { kind: "drop-default", column };
    case "SetNotNull":
      return { kind: "set-not-null", column };
    case "DropNotNull":
      return { kind: "drop-not-null", column };
    case "SetDataType":
      return { kind: "alter-column-type", column, type: mysqlTypeName(child(value, "data_type")), using: false };
    default:
      return { kind: "other", description: `ALTER COLUMN ${kind}` };
  }
}

function alterTable(body: unknown): Change {
  const actions: AlterAction[] = [];
  let algorithm: string | undefined;
  let lock: string | undefined;
  for (const operation of list(body, "operations")) {
    const mapped = alterOperation(operation);
    if ("algorithm" in mapped) algorithm = mapped.algorithm;
    else if ("lock" in mapped) lock = mapped.lock;
    else actions.push(mapped);
  }
  return {
    kind: "alter-table",
    table: objectName(list(body, "name")),
    actions,
    ...(algorithm ? { algorithm } : {}),
    ...(lock ? { lock } : {}),
  };
}

function createIndex(body: unknown): Change {
  const name = objectName(list(body, "name"));
  return {
    kind: "create-index",
    table: objectName(list(body, "table_name")),
    index: {
      ...(name ? { name } : {}),
      columns: indexColumns(list(body, "columns")),
      unique: flag(body, "unique"),
      primary: false,
    },
    concurrently: false,
    ifNotExists: flag(body, "if_not_exists"),
  };
}

function drop(body: unknown): Change {
  const names = list(body, "names").map((n) => objectName(Array.isArray(n) ? n : []));
  const ifExists = flag(body, "if_exists");
  switch (text(body, "object_type")) {
    case "Table":
      return { kind: "drop-table", tables: names, ifExists };
    case "Index":
      return { kind: "drop-index", names, concurrently: false, ifExists };
    default:
      return {
        kind: "drop-object",
        objectType: (text(body, "object_type") ?? "object").toLowerCase(),
        names,
        ifExists,
      };
  }
}

function deleteChange(body: unknown): Change {
  const from = child(body, "from");
  const tables =
    list(from, "WithFromKeyword").length > 0 ? list(from, "WithFromKeyword") : list(from, "WithoutKeyword");
  const table = objectName(list(child(child(tables[0], "relation"), "Table"), "name"));
  return {
    kind: "data",
    verb: "delete",
    table,
    hasWhere: isTree(body) && body["selection"] !== undefined && body["selection"] !== null,
  };
}

function selectsStar(query: unknown): boolean {
  const select = child(child(query, "body"), "Select");
  return list(select, "projection").some((item) => {
    const [kind] = tagged(item) ?? [""];
    return kind === "Wildcard" || kind === "QualifiedWildcard";
  });
}

function setName(body: unknown): string {
  const single = child(body, "SingleAssignment");
  if (single)
    return list(single, "variable")
      .map((v) => ident(child(v, "Identifier") ?? v))
      .join(".")
      .toLowerCase();
  const [kind] = tagged(body) ?? ["set"];
  return kind.toLowerCase();
}

export type { Tree };
