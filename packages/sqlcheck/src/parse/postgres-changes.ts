import {
  type AlterAction,
  type Change,
  type ColumnSpec,
  type ConstraintType,
  type DefaultValue,
  type IndexSpec,
  isVolatileCall,
} from "../model/change.js";
import { child, flag, list, num, type Tree, tagged, text, walk } from "./tree.js";

/** Maps one statement of the PostgreSQL parser's tree (`{ "AlterTableStmt": {…} }`) onto the rules' view. */
export function postgresChange(stmt: unknown): Change {
  const node = tagged(stmt);
  if (!node) return { kind: "other", description: "empty statement" };
  const [kind, body] = node;
  switch (kind) {
    case "CreateStmt":
      return createTable(body);
    case "CreateTableAsStmt":
      return createTableAs(body);
    case "AlterTableStmt":
      return alterTable(body);
    case "RenameStmt":
      return rename(body);
    case "IndexStmt":
      return createIndex(body);
    case "DropStmt":
      return drop(body);
    case "ViewStmt":
      return {
        kind: "create-view",
        name: relationName(child(body, "view")),
        selectStar: selectsStar(child(body, "query")),
        materialized: false,
      };
    case "InsertStmt":
      return { kind: "data", verb: "insert", table: relationName(child(body, "relation")), hasWhere: true };
    case "UpdateStmt":
      return {
        kind: "data",
        verb: "update",
        table: relationName(child(body, "relation")),
        hasWhere: child(body, "whereClause") !== undefined,
      };
    case "DeleteStmt":
      return {
        kind: "data",
        verb: "delete",
        table: relationName(child(body, "relation")),
        hasWhere: child(body, "whereClause") !== undefined,
      };
    case "MergeStmt":
      return { kind: "data", verb: "merge", table: relationName(child(body, "relation")), hasWhere: true };
    case "CopyStmt":
      return { kind: "data", verb: "copy", table: relationName(child(body, "relation")), hasWhere: true };
    case "TruncateStmt":
      return { kind: "truncate", tables: list(body, "relations").map((r) => relationName(child(r, "RangeVar"))) };
    case "VariableSetStmt":
      return {
        kind: "set",
        name: (text(body, "name") ?? "").toLowerCase(),
        value: list(body, "args").map(constantText).join(", "),
      };
    case "TransactionStmt":
      return transaction(body);
    case "AlterEnumStmt":
      return {
        kind: "alter-enum",
        type: namesOf(list(body, "typeName")),
        op: text(body, "oldVal") ? "rename-value" : "add-value",
      };
    case "CreateEnumStmt":
      return { kind: "create-enum", type: namesOf(list(body, "typeName")) };
    case "ReindexStmt":
      return {
        kind: "reindex",
        concurrently: list(body, "params").some((p) => text(child(p, "DefElem"), "defname") === "concurrently"),
      };
    case "RefreshMatViewStmt":
      return {
        kind: "refresh-materialized-view",
        name: relationName(child(body, "relation")),
        concurrently: flag(body, "concurrent"),
      };
    case "SelectStmt":
      return { kind: "select" };
    default:
      return { kind: "other", description: kind };
  }
}

function relationName(rangeVar: Tree | undefined): string {
  const name = text(rangeVar, "relname") ?? "";
  const schema = text(rangeVar, "schemaname");
  return schema ? `${schema}.${name}` : name;
}

function namesOf(items: readonly unknown[]): string {
  return items.map((item) => text(child(item, "String"), "sval") ?? "").join(".");
}

function createTable(body: unknown): Change {
  const columns: ColumnSpec[] = [];
  const indexes: IndexSpec[] = [];
  let foreignKeys = 0;
  for (const element of list(body, "tableElts")) {
    const columnDef = child(element, "ColumnDef");
    if (columnDef) {
      const column = columnSpec(columnDef);
      columns.push(column);
      if (column.primaryKey || column.unique)
        indexes.push({ columns: [column.name], unique: true, primary: column.primaryKey });
      if (column.references) foreignKeys++;
      continue;
    }
    const constraint = child(element, "Constraint");
    const contype = text(constraint, "contype");
    if (contype === "CONSTR_FOREIGN") foreignKeys++;
    if (contype === "CONSTR_PRIMARY" || contype === "CONSTR_UNIQUE") {
      const name = text(constraint, "conname");
      indexes.push({
        ...(name ? { name } : {}),
        columns: stringList(list(constraint, "keys")),
        unique: true,
        primary: contype === "CONSTR_PRIMARY",
      });
    }
  }
  const derived =
    list(body, "inhRelations").length > 0 ||
    child(body, "partbound") !== undefined ||
    child(body, "ofTypename") !== undefined;
  return {
    kind: "create-table",
    table: relationName(child(body, "relation")),
    columns,
    indexes,
    foreignKeys,
    ifNotExists: flag(body, "if_not_exists"),
    temporary: text(child(body, "relation"), "relpersistence") === "t",
    derived,
  };
}

function createTableAs(body: unknown): Change {
  const into = child(body, "into");
  const name = relationName(child(into, "rel"));
  if (text(body, "objtype") === "OBJECT_MATVIEW") {
    return { kind: "create-view", name, selectStar: selectsStar(child(body, "query")), materialized: true };
  }
  return {
    kind: "create-table",
    table: name,
    columns: [],
    indexes: [],
    foreignKeys: 0,
    ifNotExists: flag(body, "if_not_exists"),
    temporary: false,
    derived: true,
  };
}

function stringList(items: readonly unknown[]): string[] {
  return items.map((item) => text(child(item, "String"), "sval") ?? "");
}

/** The type as a person writes it: `pg_catalog.int4` → `integer`, `varchar` with typmod 255 → `varchar(255)`. */
export function postgresTypeName(typeName: unknown): string {
  const names = stringList(list(typeName, "names")).filter((n) => n !== "pg_catalog");
  const base = names.join(".");
  const aliases: Record<string, string> = {
    int4: "integer",
    int8: "bigint",
    int2: "smallint",
    float8: "double precision",
    float4: "real",
    bool: "boolean",
    bpchar: "char",
    timestamptz: "timestamptz",
  };
  const mods = list(typeName, "typmods")
    .map((m) => num(child(child(m, "A_Const"), "ival"), "ival") ?? 0)
    .filter((m) => m !== undefined);
  const arrays = list(typeName, "arrayBounds").length > 0 ? "[]" : "";
  const nameText = aliases[base] ?? base;
  const modText = list(typeName, "typmods").length > 0 ? `(${mods.join(",")})` : "";
  return `${nameText}${modText}${arrays}`;
}

function functionNames(expr: unknown): string[] {
  const names: string[] = [];
  walk(expr, (key, value) => {
    if (key === "FuncCall") names.push(stringList(list(value, "funcname")).at(-1) ?? "");
    return true;
  });
  return names;
}

function defaultValue(expr: unknown): DefaultValue {
  const calls = functionNames(expr);
  const isNull = flag(child(expr, "A_Const"), "isnull");
  return {
    text: calls.length > 0 ? `${calls[0]}()` : isNull ? "NULL" : constantText(expr),
    volatile: isVolatileCall(calls),
    isNull,
  };
}

function constantText(node: unknown): string {
  const constant = child(node, "A_Const") ?? child(child(child(node, "TypeCast"), "arg"), "A_Const");
  if (!constant) return "expression";
  const sval = text(child(constant, "sval"), "sval");
  if (sval !== undefined) return `'${sval}'`;
  const ival = child(constant, "ival");
  if (ival) return String(num(ival, "ival") ?? 0);
  const fval = text(child(constant, "fval"), "fval");
  if (fval !== undefined) return fval;
  const boolval = child(constant, "boolval");
  if (boolval) return String(flag(boolval, "boolval"));
  return flag(constant, "isnull") ? "NULL" : "constant";
}

function columnSpec(def: Tree): ColumnSpec {
  let notNull = flag(def, "is_not_null");
  let primaryKey = false;
  let unique = false;
  let generated = false;
  let autoIncrement = false;
  let defaultSpec: DefaultValue | undefined;
  let references: string | undefined;
  const typeName = postgresTypeName(child(def, "typeName"));
  if (/^(small|big)?serial$/.test(typeName)) autoIncrement = true;
  for (const item of list(def, "constraints")) {
    const constraint = child(item, "Constraint");
    switch (text(constraint, "contype")) {
      case "CONSTR_NOTNULL":
        notNull = true;
        break;
      case "CONSTR_PRIMARY":
        primaryKey = true;
        notNull = true;
        break;
      case "CONSTR_UNIQUE":
        unique = true;
        break;
      case "CONSTR_DEFAULT":
        defaultSpec = defaultValue(child(constraint, "raw_expr"));
        break;
      case "CONSTR_IDENTITY":
        autoIncrement = true;
        notNull = true;
        break;
      case "CONSTR_GENERATED":
        generated = true;
        break;
      case "CONSTR_FOREIGN":
        references = relationName(child(constraint, "pktable"));
        break;
    }
  }
  return {
    name: text(def, "colname") ?? "",
    type: typeName,
    notNull,
    primaryKey,
    unique,
    ...(defaultSpec ? { default: defaultSpec } : {}),
    generated,
    autoIncrement,
    ...(references ? { references } : {}),
  };
}

const constraintTypes: Record<string, ConstraintType> = {
  CONSTR_FOREIGN: "foreign-key",
  CONSTR_CHECK: "check",
  CONSTR_UNIQUE: "unique",
  CONSTR_PRIMARY: "primary-key",
  CONSTR_EXCLUSION: "exclusion",
  CONSTR_NOTNULL: "not-null",
};

function alterAction(cmd: Tree): AlterAction {
  const subtype = text(cmd, "subtype") ?? "";
  const name = text(cmd, "name") ?? "";
  const def = child(cmd, "def");
  switch (subtype) {
    case "AT_AddColumn":
      return { kind: "add-column", column: columnSpec(child(def, "ColumnDef") ?? {}) };
    case "AT_DropColumn":
      return { kind: "drop-column", column: name, ifExists: flag(cmd, "missing_ok") };
    case "AT_AlterColumnType": {
      const columnDef = child(def, "ColumnDef");
      return {
        kind: "alter-column-type",
        column: name,
        type: postgresTypeName(child(columnDef, "typeName")),
        using: child(columnDef, "raw_default") !== undefined,
      };
    }
    case "AT_SetNotNull":
      return { kind: "set-not-null", column: name };
    case "AT_DropNotNull":
      return { kind: "drop-not-null", column: name };
    case "AT_ColumnDefault":
      return def
        ? { kind: "set-default", column: name, default: defaultValue(def) }
        : { kind: "drop-default", column: name };
    case "AT_AddConstraint": {
      const constraint = child(def, "Constraint");
      const conname = text(constraint, "conname");
      return {
        kind: "add-constraint",
        constraint: constraintTypes[text(constraint, "contype") ?? ""] ?? "check",
        ...(conname ? { name: conname } : {}),
        columns: stringList(
          list(constraint, "keys").length > 0 ? list(constraint, "keys") : list(constraint, "fk_attrs"),
        ),
        notValid: flag(constraint, "skip_validation"),
        usingIndex: text(constraint, "indexname") !== undefined,
      };
    }
    case "AT_ValidateConstraint":
      return { kind: "validate-constraint", name };
    case "AT_DropConstraint":
      return { kind: "drop-constraint", name };
    default:
      return { kind: "other", description: subtype.replace(/^AT_/, "") };
  }
}

function alterTable(body: unknown): Change {
  const objtype = text(body, "objtype");
  if (objtype !== undefined && objtype !== "OBJECT_TABLE")
    return { kind: "other", description: `ALTER ${objtype.replace(/^OBJECT_/, "")}` };
  return {
    kind: "alter-table",
    table: relationName(child(body, "relation")),
    actions: list(body, "cmds").map((cmd) => alterAction(child(cmd, "AlterTableCmd") ?? {})),
  };
}

function rename(body: unknown): Change {
  const table = relationName(child(body, "relation"));
  const newname = text(body, "newname") ?? "";
  switch (text(body, "renameType")) {
    case "OBJECT_COLUMN":
      return {
        kind: "alter-table",
        table,
        actions: [{ kind: "rename-column", from: text(body, "subname") ?? "", to: newname }],
      };
    case "OBJECT_TABLE":
      return { kind: "rename-table", renames: [{ from: table, to: newname }] };
    default:
      return { kind: "other", description: `RENAME ${(text(body, "renameType") ?? "").replace(/^OBJECT_/, "")}` };
  }
}

function createIndex(body: unknown): Change {
  const columns = list(body, "indexParams").map((param) => {
    const elem = child(param, "IndexElem");
    return text(elem, "name") ?? "(expression)";
  });
  const name = text(body, "idxname");
  return {
    kind: "create-index",
    table: relationName(child(body, "relation")),
    index: { ...(name ? { name } : {}), columns, unique: flag(body, "unique"), primary: flag(body, "primary") },
    concurrently: flag(body, "concurrent"),
    ifNotExists: flag(body, "if_not_exists"),
  };
}

function drop(body: unknown): Change {
  const names = list(body, "objects").map((object) => {
    const items = list(child(object, "List"), "items");
    return items.length > 0
      ? stringList(items).join(".")
      : (text(child(object, "String"), "sval") ?? namesOf(list(child(object, "TypeName"), "names")));
  });
  const ifExists = flag(body, "missing_ok");
  switch (text(body, "removeType")) {
    case "OBJECT_TABLE":
      return { kind: "drop-table", tables: names, ifExists };
    case "OBJECT_INDEX":
      return { kind: "drop-index", names, concurrently: flag(body, "concurrent"), ifExists };
    default:
      return {
        kind: "drop-object",
        objectType: (text(body, "removeType") ?? "").replace(/^OBJECT_/, "").toLowerCase(),
        names,
        ifExists,
      };
  }
}

function selectsStar(query: unknown): boolean {
  let star = false;
  const select = child(query, "SelectStmt");
  for (const target of list(select, "targetList")) {
    walk(child(target, "ResTarget"), (key) => {
      if (key === "A_Star") star = true;
      return key !== "SubLink";
    });
  }
  return star;
}

function transaction(body: unknown): Change {
  const kind = text(body, "kind");
  if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") return { kind: "transaction", op: "begin" };
  if (kind === "TRANS_STMT_COMMIT") return { kind: "transaction", op: "commit" };
  if (kind === "TRANS_STMT_ROLLBACK") return { kind: "transaction", op: "rollback" };
  return { kind: "other", description: kind ?? "transaction" };
}
