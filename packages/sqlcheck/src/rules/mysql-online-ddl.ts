import type { AlterAction, ColumnSpec } from "../model/change.js";
import { atLeast, type Dialect, type ServerVersion } from "../model/dialect.js";
import type { KnownTable } from "../schema/known-schema.js";

/**
 * The cheapest algorithm InnoDB offers for one ALTER TABLE action, per server and version:
 * - `instant`: metadata only, no table copy, brief metadata lock;
 * - `inplace`: no copy, concurrent reads and writes (LOCK=NONE), no rebuild;
 * - `rebuild`: in place with concurrent writes, but the table is rebuilt (I/O, replica lag proportional to size);
 * - `copy`: the table is copied row by row and writes are blocked for the whole time.
 * Sources: MySQL 8.0 "Online DDL Operations" and MariaDB "InnoDB Online DDL Operations with ALGORITHM=INSTANT".
 */
export type OnlineDdlAlgorithm = "instant" | "inplace" | "rebuild" | "copy";

export interface OnlineDdlVerdict {
  readonly algorithm: OnlineDdlAlgorithm;
  readonly why: string;
}

const rank: Record<OnlineDdlAlgorithm, number> = { instant: 0, inplace: 1, rebuild: 2, copy: 3 };

export function worstOf(verdicts: readonly OnlineDdlVerdict[]): OnlineDdlVerdict | undefined {
  return verdicts.reduce<OnlineDdlVerdict | undefined>(
    (worst, v) => (!worst || rank[v.algorithm] > rank[worst.algorithm] ? v : worst),
    undefined,
  );
}

export function algorithmRank(algorithm: OnlineDdlAlgorithm): number {
  return rank[algorithm];
}

function isMaria(dialect: Dialect): boolean {
  return dialect === "mariadb";
}

function addColumn(column: ColumnSpec, dialect: Dialect, version: ServerVersion): OnlineDdlVerdict {
  if (column.autoIncrement) return { algorithm: "copy", why: "adding an AUTO_INCREMENT column copies the table" };
  if (column.generated) return { algorithm: "copy", why: "adding a stored generated column copies the table" };
  if (isMaria(dialect)) {
    if (atLeast(version, 10, 4) || (atLeast(version, 10, 3, 2) && !column.position))
      return { algorithm: "instant", why: "MariaDB adds columns instantly" };
    return { algorithm: "rebuild", why: "this MariaDB version adds a column by rebuilding the table" };
  }
  if (atLeast(version, 8, 0, 29) || (atLeast(version, 8, 0, 12) && !column.position))
    return { algorithm: "instant", why: "MySQL adds columns instantly" };
  return {
    algorithm: "rebuild",
    why:
      column.position && atLeast(version, 8, 0, 12)
        ? "before 8.0.29 only a column added last is instant"
        : "before 8.0.12 adding a column rebuilds the table",
  };
}

function sameTypeFamily(oldType: string, newType: string): "same" | "widen-varchar" | "enum-append" | "different" {
  if (oldType === newType) return "same";
  const varchar = /^varchar\((\d+)\)/;
  const a = varchar.exec(oldType);
  const b = varchar.exec(newType);
  // Lengths up to 255 bytes keep a one-byte length prefix; crossing it changes the row format.
  if (a && b && Number(b[1]) >= Number(a[1]) && (Number(a[1]) > 63 || Number(b[1]) <= 63)) return "widen-varchar";
  if (/^(enum|set)\(/.test(oldType) && newType.startsWith(oldType.slice(0, -1))) return "enum-append";
  return "different";
}

function redefine(
  action: Extract<AlterAction, { kind: "redefine-column" }>,
  table: KnownTable | undefined,
): OnlineDdlVerdict {
  const old = table?.columns.get(action.column.toLowerCase());
  if (!old)
    return {
      algorithm: "copy",
      why: `the old definition of ${action.column} is unknown; a MODIFY/CHANGE that changes the type copies the table`,
    };
  const family = sameTypeFamily(old.type, action.spec.type);
  if (family === "enum-append")
    return { algorithm: "instant", why: "appending ENUM/SET members at the end is instant" };
  if (family === "widen-varchar")
    return { algorithm: "inplace", why: "widening a VARCHAR within its length-prefix size is in place" };
  if (family === "different")
    return {
      algorithm: "copy",
      why: `changing ${action.column} from ${old.type} to ${action.spec.type} copies the table`,
    };
  if (old.notNull !== action.spec.notNull)
    return { algorithm: "rebuild", why: "changing NULL / NOT NULL rebuilds the table" };
  if (old.name !== action.spec.name) return { algorithm: "instant", why: "renaming a column is metadata only" };
  return { algorithm: "inplace", why: "the definition is unchanged apart from defaults or comments" };
}

/** The cheapest algorithm for one action; `table` is the table as known before the statement, when known. */
export function onlineDdlFor(
  action: AlterAction,
  dialect: Dialect,
  version: ServerVersion,
  table: KnownTable | undefined,
): OnlineDdlVerdict {
  const maria = isMaria(dialect);
  switch (action.kind) {
    case "add-column":
      return addColumn(action.column, dialect, version);
    case "drop-column":
      if (maria ? atLeast(version, 10, 4) : atLeast(version, 8, 0, 29))
        return { algorithm: "instant", why: "dropping a column is instant on this version" };
      return { algorithm: "rebuild", why: "dropping a column rebuilds the table on this version" };
    case "rename-column":
      if (maria ? atLeast(version, 10, 5, 2) : atLeast(version, 8, 0, 28))
        return { algorithm: "instant", why: "renaming a column is instant" };
      return { algorithm: "inplace", why: "renaming a column is in place" };
    case "redefine-column":
      return redefine(action, table);
    case "alter-column-type":
      return { algorithm: "copy", why: "changing a column's type copies the table" };
    case "set-default":
    case "drop-default":
      return { algorithm: "instant", why: "defaults are metadata" };
    case "set-not-null":
    case "drop-not-null":
      return { algorithm: "rebuild", why: "changing NULL / NOT NULL rebuilds the table" };
    case "add-index":
      if (action.index.primary)
        return { algorithm: "rebuild", why: "adding a primary key rebuilds the clustered index" };
      if (action.index.fulltext)
        return {
          algorithm: "rebuild",
          why: "the first FULLTEXT index rebuilds the table and cannot run with LOCK=NONE",
        };
      return { algorithm: "inplace", why: "a secondary index is built in place with concurrent writes" };
    case "drop-index":
      return { algorithm: "inplace", why: "dropping a secondary index is metadata only" };
    case "add-constraint":
      if (action.constraint === "foreign-key")
        return { algorithm: "copy", why: "adding a foreign key with foreign_key_checks=1 copies the table" };
      return { algorithm: "copy", why: "adding a CHECK constraint validates every row with a table copy" };
    case "drop-constraint":
      if (action.constraint === "primary-key")
        return { algorithm: "copy", why: "dropping the primary key without adding one copies the table" };
      return { algorithm: "inplace", why: "dropping a constraint is metadata only" };
    case "validate-constraint":
      return { algorithm: "inplace", why: "validation reads the table" };
    case "rename-table":
      return { algorithm: "instant", why: "renaming a table is metadata only" };
    case "convert-charset":
      return { algorithm: "copy", why: "converting the character set copies the table" };
    case "table-option":
      return { algorithm: "rebuild", why: `changing ${action.name} rebuilds the table` };
    case "other":
      return { algorithm: "rebuild", why: `${action.description} may rebuild the table` };
  }
}
