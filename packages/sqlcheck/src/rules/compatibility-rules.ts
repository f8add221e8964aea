import type { ColumnSpec } from "../model/change.js";
import { actionsOf, allDialects, hit, isNewTable, type Rule, type RuleContext, type RuleHit } from "./rule.js";

const expandContract =
  "While an experiment runs, old and new code share one database, so a change must work for both. Expand first (add the new shape, write both), move the code behind a flag, and contract (remove the old shape) only once the flag is full on or removed.";

export const dropColumn: Rule = {
  id: "drop-column",
  title: "Dropping a column that running code may still read",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale: `Code deployed before the migration selects or inserts the column and fails the moment it is gone. ${expandContract}`,
  advice:
    "1. Stop reading and writing the column in code (behind a flag). 2. Make it nullable or give it a default so writes without it succeed. 3. Once the flag is full on everywhere, drop the column in a later migration and record why with a suppression.",
  examples: {
    postgres: {
      setup: "CREATE TABLE users (id bigint PRIMARY KEY, legacy_name text NOT NULL);",
      bad: "ALTER TABLE users DROP COLUMN legacy_name;",
      good: "-- expand step: new code no longer writes legacy_name\nALTER TABLE users ALTER COLUMN legacy_name DROP NOT NULL;",
    },
    mysql: {
      setup: "CREATE TABLE users (id bigint PRIMARY KEY, legacy_name varchar(100) NOT NULL);",
      bad: "ALTER TABLE users DROP COLUMN legacy_name;",
      good: "-- expand step: new code no longer writes legacy_name\nALTER TABLE users MODIFY legacy_name varchar(100) NULL;",
    },
  },
  check: (context) =>
    actionsOf(context.change, "drop-column")
      .filter(({ table }) => !isNewTable(context, table))
      .map(({ table, action }) =>
        hit(`DROP COLUMN ${table}.${action.column} breaks code that still reads or writes it.`),
      ),
};

export const renameColumn: Rule = {
  id: "rename-column",
  title: "Renaming a column",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale: `A rename is a drop and an add at once: code running the old release uses the old name and fails. ${expandContract}`,
  advice:
    "1. Add the new column. 2. Write both columns (code or trigger) and backfill. 3. Switch reads to the new column behind a flag. 4. When the flag is full on, stop writing the old column and drop it.",
  examples: {
    postgres: {
      setup: "CREATE TABLE accounts (id bigint PRIMARY KEY, mail text);",
      bad: "ALTER TABLE accounts RENAME COLUMN mail TO email;",
      good: "ALTER TABLE accounts ADD COLUMN email text;",
    },
    mysql: {
      setup: "CREATE TABLE accounts (id bigint PRIMARY KEY, mail varchar(255));",
      bad: "ALTER TABLE accounts RENAME COLUMN mail TO email;",
      good: "ALTER TABLE accounts ADD COLUMN email varchar(255) NULL;",
    },
  },
  check: (context) => {
    const hits: RuleHit[] = actionsOf(context.change, "rename-column")
      .filter(({ table }) => !isNewTable(context, table))
      .map(({ table, action }) =>
        hit(`Renaming ${table}.${action.from} to ${action.to} breaks code that uses the old name.`),
      );
    for (const { table, action } of actionsOf(context.change, "redefine-column")) {
      if (action.spec.name.toLowerCase() !== action.column.toLowerCase() && !isNewTable(context, table))
        hits.push(
          hit(`CHANGE renames ${table}.${action.column} to ${action.spec.name}; code using the old name breaks.`),
        );
    }
    return hits;
  },
};

export const dropTable: Rule = {
  id: "drop-table",
  title: "Dropping a table",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale: `Old code still queries the table until its release is gone, and the data cannot come back without a restore. ${expandContract}`,
  advice:
    "Stop using the table in code first (behind a flag). Rename it aside or revoke access for a while to see that nothing breaks, then drop it in a later migration once the flag is full on or removed.",
  examples: {
    postgres: {
      setup: "CREATE TABLE legacy_sessions (id bigint PRIMARY KEY);",
      bad: "DROP TABLE legacy_sessions;",
      good: "-- switchboard-ignore drop-table: contract step; the sessions-v2 flag has been full on since 2026-11-02\nDROP TABLE IF EXISTS legacy_sessions;",
    },
    mysql: {
      setup: "CREATE TABLE legacy_sessions (id bigint PRIMARY KEY);",
      bad: "DROP TABLE legacy_sessions;",
      good: "-- switchboard-ignore drop-table: contract step; the sessions-v2 flag has been full on since 2026-11-02\nDROP TABLE IF EXISTS legacy_sessions;",
    },
  },
  check: (context) => {
    if (context.change.kind !== "drop-table") return [];
    return context.change.tables
      .filter((t) => !isNewTable(context, t))
      .map((t) => hit(`DROP TABLE ${t} breaks code that still reads it and deletes its data.`));
  },
};

export const renameTable: Rule = {
  id: "rename-table",
  title: "Renaming a table",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale: `Code running the old release queries the old name and fails. ${expandContract}`,
  advice:
    "Create the new table (or an updatable view with the new name over the old table), write to both, move reads behind a flag, and drop the old name once the flag is full on.",
  examples: {
    postgres: {
      setup: "CREATE TABLE customer (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE customer RENAME TO customers;",
      good: "CREATE VIEW customers AS SELECT id FROM customer;",
    },
    mysql: {
      setup: "CREATE TABLE customer (id bigint PRIMARY KEY);",
      bad: "RENAME TABLE customer TO customers;",
      good: "CREATE VIEW customers AS SELECT id FROM customer;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind === "rename-table")
      return change.renames
        .filter((r) => !isNewTable(context, r.from))
        .map((r) => hit(`Renaming ${r.from} to ${r.to} breaks code that uses the old name.`));
    return actionsOf(change, "rename-table")
      .filter(({ table }) => !isNewTable(context, table))
      .map(({ table, action }) => hit(`Renaming ${table} to ${action.to} breaks code that uses the old name.`));
  },
};

/** The type a MySQL MODIFY/CHANGE gives a column, when it differs from the known one (or the old one is unknown). */
function changedTypes(context: RuleContext): { table: string; column: string; from?: string; to: string }[] {
  const changes: { table: string; column: string; from?: string; to: string }[] = [];
  for (const { table, action } of actionsOf(context.change, "alter-column-type")) {
    const old = context.schema.column(table, action.column);
    if (!old || old.type !== action.type)
      changes.push({ table, column: action.column, ...(old ? { from: old.type } : {}), to: action.type });
  }
  for (const { table, action } of actionsOf(context.change, "redefine-column")) {
    const old = context.schema.column(table, action.column);
    if (!old || old.type !== action.spec.type)
      changes.push({ table, column: action.column, ...(old ? { from: old.type } : {}), to: action.spec.type });
  }
  return changes.filter((c) => !isNewTable(context, c.table));
}

export const changeColumnType: Rule = {
  id: "change-column-type",
  title: "Changing a column's type in place",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale: `Old code may write values the new type rejects or read values it cannot handle, and the change usually rewrites the table. ${expandContract}`,
  advice:
    "1. Add a column of the new type. 2. Write both columns and backfill in batches. 3. Read the new column behind a flag. 4. Drop the old column once the flag is full on.",
  examples: {
    postgres: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, quantity integer);",
      bad: "ALTER TABLE orders ALTER COLUMN quantity TYPE numeric(12,3);",
      good: "ALTER TABLE orders ADD COLUMN quantity_exact numeric(12,3);",
    },
    mysql: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, quantity int);",
      bad: "ALTER TABLE orders MODIFY quantity decimal(12,3);",
      good: "ALTER TABLE orders ADD COLUMN quantity_exact decimal(12,3) NULL;",
    },
  },
  check: (context) =>
    changedTypes(context).map((c) =>
      hit(
        c.from
          ? `${c.table}.${c.column} changes type from ${c.from} to ${c.to}.`
          : `${c.table}.${c.column} is redefined as ${c.to}; the old type is unknown, so this may change it.`,
      ),
    ),
};

function needsValueFromOldCode(column: ColumnSpec): boolean {
  return column.notNull && !column.default && !column.generated && !column.autoIncrement && !column.primaryKey;
}

export const addNotNullWithoutDefault: Rule = {
  id: "add-not-null-without-default",
  title: "Adding a NOT NULL column without a default",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale:
    "Old code inserts rows without the new column. On PostgreSQL the ALTER fails on a non-empty table; on MySQL in strict mode old inserts fail afterwards (or silently get an implicit zero/empty value).",
  advice:
    "Add the column nullable or with a default; backfill; make code write it behind a flag; add NOT NULL once every writer sets it.",
  examples: {
    postgres: {
      setup: "CREATE TABLE invoices (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE invoices ADD COLUMN currency text NOT NULL;",
      good: "ALTER TABLE invoices ADD COLUMN currency text NOT NULL DEFAULT 'EUR';",
    },
    mysql: {
      setup: "CREATE TABLE invoices (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE invoices ADD COLUMN currency char(3) NOT NULL;",
      good: "ALTER TABLE invoices ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';",
    },
  },
  check: (context) =>
    actionsOf(context.change, "add-column")
      .filter(({ table, action }) => needsValueFromOldCode(action.column) && !isNewTable(context, table))
      .map(({ table, action }) =>
        hit(
          `${table}.${action.column.name} is NOT NULL without a default: inserts from code that does not know it fail.`,
        ),
      ),
};

export const setNotNull: Rule = {
  id: "set-not-null",
  title: "Making an existing column NOT NULL",
  category: "compatibility",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale: "Code of the previous release may still insert NULL into the column; after the change those writes fail.",
  advice:
    "Ship code that always writes the column first (flag full on), backfill NULLs, then add the constraint (on PostgreSQL through a CHECK … NOT VALID and VALIDATE).",
  examples: {
    postgres: {
      setup: "CREATE TABLE profiles (id bigint PRIMARY KEY, locale text);",
      bad: "ALTER TABLE profiles ALTER COLUMN locale SET NOT NULL;",
      good: "ALTER TABLE profiles ADD CONSTRAINT profiles_locale_not_null CHECK (locale IS NOT NULL) NOT VALID;",
    },
    mysql: {
      setup: "CREATE TABLE profiles (id bigint PRIMARY KEY, locale varchar(10) NULL);",
      bad: "ALTER TABLE profiles MODIFY locale varchar(10) NOT NULL;",
      good: "ALTER TABLE profiles ALTER COLUMN locale SET DEFAULT 'en';",
    },
  },
  check: (context) => {
    const hits = actionsOf(context.change, "set-not-null")
      .filter(({ table }) => !isNewTable(context, table))
      .map(({ table, action }) =>
        hit(`${table}.${action.column} becomes NOT NULL: writes of NULL from older code fail.`),
      );
    for (const { table, action } of actionsOf(context.change, "redefine-column")) {
      const old = context.schema.column(table, action.column);
      if (action.spec.notNull && !old?.notNull && !isNewTable(context, table))
        hits.push(
          hit(
            `${table}.${action.column} is redefined NOT NULL${old ? "" : " (its old nullability is unknown)"}: writes of NULL from older code fail.`,
          ),
        );
    }
    return hits;
  },
};

const integerWidth: Record<string, number> = {
  tinyint: 1,
  smallint: 2,
  int2: 2,
  mediumint: 3,
  int: 4,
  integer: 4,
  int4: 4,
  bigint: 8,
  int8: 8,
};

/** Whether `to` holds fewer values than `from`: a shorter string, a smaller integer, fewer digits. */
export function isNarrowing(from: string, to: string): boolean {
  const length = (type: string) => /^(?:varchar|char|character varying|varbinary|binary)\((\d+)\)/.exec(type)?.[1];
  const fromLength = length(from);
  const toLength = length(to);
  if (toLength && (from === "text" || /text$/.test(from))) return true;
  if (fromLength && toLength) return Number(toLength) < Number(fromLength);
  const fromInt = integerWidth[from.split(/[ (]/)[0] ?? ""];
  const toInt = integerWidth[to.split(/[ (]/)[0] ?? ""];
  if (fromInt && toInt) return toInt < fromInt;
  const digits = (type: string) => /^(?:numeric|decimal)\((\d+)(?:,(\d+))?\)/.exec(type);
  const a = digits(from);
  const b = digits(to);
  if (a && b) return Number(b[1]) < Number(a[1]) || Number(b[2] ?? 0) < Number(a[2] ?? 0);
  return false;
}

export const narrowColumn: Rule = {
  id: "narrow-column",
  title: "Narrowing a column",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale:
    "Values that old code writes (or that already exist) may no longer fit: the change fails, truncates data, or makes later writes fail.",
  advice:
    "Keep the wide column. If a limit matters, enforce it in code first, then with a CHECK constraint (NOT VALID, then VALIDATE on PostgreSQL), and narrow only after every row and writer complies.",
  examples: {
    postgres: {
      setup: "CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(64));",
      bad: "CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(64));\nALTER TABLE products ALTER COLUMN sku TYPE varchar(16);",
      good: "ALTER TABLE products ADD CONSTRAINT products_sku_length CHECK (char_length(sku) <= 16) NOT VALID;",
    },
    mysql: {
      setup: "CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(64));",
      bad: "CREATE TABLE products (id bigint PRIMARY KEY, sku varchar(64));\nALTER TABLE products MODIFY sku varchar(16);",
      good: "ALTER TABLE products ALTER COLUMN sku SET DEFAULT '';",
    },
  },
  check: (context) =>
    changedTypes(context)
      .concat(
        // Narrowing a table created earlier in the same file still loses the shape the file itself declared.
        [...actionsOf(context.change, "alter-column-type"), ...actionsOf(context.change, "redefine-column")]
          .filter(({ table }) => isNewTable(context, table))
          .map(({ table, action }) => {
            const to = action.kind === "redefine-column" ? action.spec.type : action.type;
            const old = context.schema.column(table, action.column);
            return { table, column: action.column, ...(old ? { from: old.type } : {}), to };
          }),
      )
      .filter((c) => c.from !== undefined && isNarrowing(c.from, c.to))
      .map((c) => hit(`${c.table}.${c.column} narrows from ${c.from} to ${c.to}.`)),
};

export const truncateTable: Rule = {
  id: "truncate-table",
  title: "TRUNCATE in a migration",
  category: "compatibility",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale:
    "TRUNCATE deletes every row that running code relies on, takes an exclusive lock, and cannot be undone by a later migration.",
  advice:
    "Delete in small batches from a job (or keep the data) and drop the table through the expand/contract steps once no code reads it.",
  examples: {
    postgres: {
      setup: "CREATE TABLE audit_buffer (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());",
      bad: "TRUNCATE audit_buffer;",
      good: "DELETE FROM audit_buffer WHERE created_at < now() - interval '90 days';",
    },
    mysql: {
      setup:
        "CREATE TABLE audit_buffer (id bigint PRIMARY KEY, created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP);",
      bad: "TRUNCATE TABLE audit_buffer;",
      good: "DELETE FROM audit_buffer WHERE created_at < NOW() - INTERVAL 90 DAY LIMIT 10000;",
    },
  },
  check: (context) =>
    context.change.kind === "truncate"
      ? context.change.tables.filter((t) => !isNewTable(context, t)).map((t) => hit(`TRUNCATE ${t} deletes every row.`))
      : [],
};

export const compatibilityRules: readonly Rule[] = [
  dropColumn,
  renameColumn,
  dropTable,
  renameTable,
  changeColumnType,
  addNotNullWithoutDefault,
  setNotNull,
  narrowColumn,
  truncateTable,
];
