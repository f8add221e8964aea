import type { ColumnSpec, IndexSpec } from "../model/change.js";
import {
  actionsOf,
  allDialects,
  hit,
  mysqlDialects,
  postgresOnly,
  type Rule,
  type RuleContext,
  type RuleHit,
} from "./rule.js";

/** Every column a statement defines: CREATE TABLE columns, added columns, redefined columns. */
function definedColumns(context: RuleContext): { table: string; column: ColumnSpec }[] {
  const { change } = context;
  if (change.kind === "create-table") return change.columns.map((column) => ({ table: change.table, column }));
  return [
    ...actionsOf(change, "add-column").map(({ table, action }) => ({ table, column: action.column })),
    ...actionsOf(change, "redefine-column").map(({ table, action }) => ({ table, column: action.spec })),
  ];
}

export const missingPrimaryKey: Rule = {
  id: "missing-primary-key",
  title: "Table without a primary key",
  category: "design",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale:
    "Without a primary key rows cannot be addressed reliably, row-based replication scans the table for every change, gh-ost and pt-online-schema-change refuse the table, and logical replication cannot publish updates.",
  advice: "Give every table a primary key, usually a bigint identity / AUTO_INCREMENT or a UUID.",
  examples: {
    postgres: {
      bad: "CREATE TABLE page_views (url text, viewed_at timestamptz);",
      good: "CREATE TABLE page_views (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, url text NOT NULL, viewed_at timestamptz NOT NULL);",
    },
    mysql: {
      bad: "CREATE TABLE page_views (url varchar(2000), viewed_at datetime) DEFAULT CHARSET=utf8mb4;",
      good: "CREATE TABLE page_views (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, url varchar(2000) NOT NULL, viewed_at datetime NOT NULL) DEFAULT CHARSET=utf8mb4;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind !== "create-table" || change.derived || change.temporary) return [];
    return change.indexes.some((index) => index.primary) ? [] : [hit(`${change.table} has no primary key.`)];
  },
};

export const nullableColumn: Rule = {
  id: "nullable-column",
  title: "Nullable column without a stated reason",
  category: "design",
  defaultSeverity: "info",
  dialects: allDialects,
  rationale:
    'NULL is a third state every reader must handle; most columns have a natural "empty" value or are always known. A nullable column should say why it is nullable.',
  advice:
    "Declare NOT NULL (with a default when old code does not write it), or state the reason in a column COMMENT (MySQL) or a suppression `-- switchboard-ignore nullable-column: <reason>`.",
  examples: {
    postgres: {
      bad: "CREATE TABLE shipments (id bigint PRIMARY KEY, carrier text);",
      good: "CREATE TABLE shipments (id bigint PRIMARY KEY, carrier text NOT NULL DEFAULT 'unknown');",
    },
    mysql: {
      bad: "CREATE TABLE shipments (id bigint PRIMARY KEY, carrier varchar(40)) DEFAULT CHARSET=utf8mb4;",
      good: "CREATE TABLE shipments (id bigint PRIMARY KEY, carrier varchar(40) NULL COMMENT 'unknown until a label is bought') DEFAULT CHARSET=utf8mb4;",
    },
  },
  check: (context) =>
    definedColumns(context)
      .filter(({ column }) => !column.notNull && !column.primaryKey && !column.comment && !column.generated)
      .map(({ table, column }) => hit(`${table}.${column.name} is nullable without a stated reason.`)),
};

const defaultMoneyWords = [
  "price",
  "amount",
  "cost",
  "total",
  "balance",
  "fee",
  "salary",
  "tax",
  "discount",
  "revenue",
  "payment",
  "charge",
  "refund",
  "credit",
  "debit",
  "subtotal",
  "wage",
  "money",
];

export function moneyWordsOf(context: RuleContext): readonly string[] {
  return context.options.moneyWords.length > 0 ? context.options.moneyWords : defaultMoneyWords;
}

export const floatForMoney: Rule = {
  id: "float-for-money",
  title: "FLOAT/DOUBLE on a money-like column",
  category: "design",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale:
    "Binary floating point cannot represent most decimal fractions (0.1 + 0.2 ≠ 0.3): sums drift, totals fail to reconcile, auditors find cents missing.",
  advice: "Use DECIMAL/NUMERIC with an explicit scale, or an integer count of the smallest unit (cents).",
  examples: {
    postgres: {
      bad: "CREATE TABLE line_items (id bigint PRIMARY KEY, unit_price double precision NOT NULL);",
      good: "CREATE TABLE line_items (id bigint PRIMARY KEY, unit_price numeric(12,2) NOT NULL);",
    },
    mysql: {
      bad: "CREATE TABLE line_items (id bigint PRIMARY KEY, unit_price double NOT NULL) DEFAULT CHARSET=utf8mb4;",
      good: "CREATE TABLE line_items (id bigint PRIMARY KEY, unit_price decimal(12,2) NOT NULL) DEFAULT CHARSET=utf8mb4;",
    },
  },
  check: (context) => {
    const words = moneyWordsOf(context);
    const floating = /^(float|double|real|double precision|float4|float8)\b/;
    const typeChanges = actionsOf(context.change, "alter-column-type").map(({ table, action }) => ({
      table,
      name: action.column,
      type: action.type,
    }));
    return [
      ...definedColumns(context).map(({ table, column }) => ({ table, name: column.name, type: column.type })),
      ...typeChanges,
    ]
      .filter(
        ({ name, type }) =>
          floating.test(type) &&
          name
            .toLowerCase()
            .split(/[^a-z]+/)
            .some((part) => words.includes(part) || words.includes(part.replace(/s$/, ""))),
      )
      .map(({ table, name, type }) => hit(`${table}.${name} looks like money but is ${type}.`));
  },
};

export const enumChange: Rule = {
  id: "enum-change",
  title: "Changing an ENUM",
  category: "design",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "Old code does not know a new value and breaks when it reads one; removing or reordering MySQL ENUM members copies the table and changes stored ordinals; PostgreSQL cannot remove enum values at all.",
  advice:
    "Deploy code that tolerates the new value first (flag), then append the value (MySQL: at the end of the list, which is instant). Consider a lookup table or a CHECK constraint instead of an ENUM for sets that change.",
  examples: {
    postgres: {
      setup:
        "CREATE TYPE ticket_state AS ENUM ('open', 'closed');\nCREATE TABLE tickets (id bigint PRIMARY KEY, state ticket_state NOT NULL);",
      bad: "ALTER TYPE ticket_state ADD VALUE 'escalated';",
      good: "CREATE TABLE ticket_states (name text PRIMARY KEY);",
    },
    mysql: {
      setup: "CREATE TABLE tickets (id bigint PRIMARY KEY, state enum('open','closed') NOT NULL);",
      bad: "ALTER TABLE tickets MODIFY state enum('open','escalated','closed') NOT NULL;",
      good: "CREATE TABLE ticket_states (name varchar(20) NOT NULL PRIMARY KEY) DEFAULT CHARSET=utf8mb4;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind === "alter-enum")
      return [hit(`ALTER TYPE ${change.type} changes an enum that running code reads.`)];
    return actionsOf(change, "redefine-column")
      .filter(({ action }) => /^(enum|set)\(/.test(action.spec.type))
      .map(({ table, action }) =>
        hit(
          `${table}.${action.column} is redefined as ${action.spec.type.split("(")[0]?.toUpperCase()}: old code may not know the new members.`,
        ),
      );
  },
};

const goodCharsets = ["utf8mb4"];

export const charsetCollation: Rule = {
  id: "charset-collation",
  title: "Character set other than utf8mb4, or left to the server default",
  category: "design",
  defaultSeverity: "warning",
  dialects: mysqlDialects,
  rationale:
    "utf8/utf8mb3 cannot store emoji or many CJK characters (inserts fail or truncate); latin1 garbles most of the world; a table without an explicit charset takes whatever the server default is where the migration runs.",
  advice:
    "Declare DEFAULT CHARSET=utf8mb4 (and a utf8mb4 collation) on every table and keep column charsets at the table's.",
  examples: {
    mysql: {
      bad: "CREATE TABLE comments (id bigint PRIMARY KEY, body text NOT NULL) DEFAULT CHARSET=latin1;",
      good: "CREATE TABLE comments (id bigint PRIMARY KEY, body text NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;",
    },
  },
  check: (context) => {
    const { change } = context;
    const hits: RuleHit[] = [];
    if (change.kind === "create-table" && !change.derived && !change.temporary) {
      if (!change.charset) hits.push(hit(`${change.table} takes the server's default character set; declare utf8mb4.`));
      else if (!goodCharsets.includes(change.charset.toLowerCase()))
        hits.push(hit(`${change.table} uses ${change.charset}; use utf8mb4.`));
    }
    for (const { table, column } of definedColumns(context)) {
      if (column.charset && !goodCharsets.includes(column.charset.toLowerCase()))
        hits.push(hit(`${table}.${column.name} uses ${column.charset}; use utf8mb4.`));
    }
    for (const { table, action } of actionsOf(change, "convert-charset"))
      if (!goodCharsets.includes(action.charset.toLowerCase()))
        hits.push(hit(`${table} is converted to ${action.charset}.`));
    return hits;
  },
};

export const viewSelectStar: Rule = {
  id: "view-select-star",
  title: "SELECT * in a view",
  category: "design",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "The server expands * when the view is created: later columns never appear, and dropping a column the view captured fails (PostgreSQL) or breaks the view (MySQL).",
  advice: "List the columns the view exposes.",
  examples: {
    postgres: {
      setup: "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL);",
      bad: "CREATE VIEW customer_directory AS SELECT * FROM customers;",
      good: "CREATE VIEW customer_directory AS SELECT id, name FROM customers;",
    },
    mysql: {
      setup: "CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email varchar(255) NOT NULL);",
      bad: "CREATE VIEW customer_directory AS SELECT * FROM customers;",
      good: "CREATE VIEW customer_directory AS SELECT id, name FROM customers;",
    },
  },
  check: (context) =>
    context.change.kind === "create-view" && context.change.selectStar
      ? [hit(`${context.change.name} selects *.`)]
      : [],
};

/** Every index a statement creates, with its table. */
function createdIndexes(context: RuleContext): { table: string; index: IndexSpec }[] {
  const { change } = context;
  if (change.kind === "create-index") return [{ table: change.table, index: change.index }];
  if (change.kind === "create-table")
    return change.indexes.filter((i) => !i.primary).map((index) => ({ table: change.table, index }));
  return actionsOf(change, "add-index").map(({ table, action }) => ({ table, index: action.index }));
}

export const overWideIndex: Rule = {
  id: "over-wide-index",
  title: "Index over many columns",
  category: "design",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "Each extra column makes every write to the table more expensive and the index larger, while queries rarely use more than the leading few columns.",
  advice:
    "Index the columns the queries filter and sort on, in that order; keep an index at most a handful of columns wide (the limit is configurable: maxIndexColumns).",
  examples: {
    postgres: {
      setup: "CREATE TABLE visits (id bigint PRIMARY KEY, a int, b int, c int, d int, e int, f int);",
      bad: "CREATE INDEX CONCURRENTLY visits_wide ON visits (a, b, c, d, e, f);",
      good: "CREATE INDEX CONCURRENTLY visits_a_b ON visits (a, b);",
    },
    mysql: {
      setup: "CREATE TABLE visits (id bigint PRIMARY KEY, a int, b int, c int, d int, e int, f int);",
      bad: "CREATE INDEX visits_wide ON visits (a, b, c, d, e, f);",
      good: "CREATE INDEX visits_a_b ON visits (a, b);",
    },
  },
  check: (context) =>
    createdIndexes(context)
      .filter(({ index }) => index.columns.length > context.options.maxIndexColumns)
      .map(({ table, index }) =>
        hit(
          `Index ${index.name ?? ""} on ${table} has ${index.columns.length} columns (limit ${context.options.maxIndexColumns}).`.replace(
            "  ",
            " ",
          ),
        ),
      ),
};

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((column, i) => column.toLowerCase() === long[i]?.toLowerCase());
}

export const redundantIndex: Rule = {
  id: "redundant-index",
  title: "Redundant index",
  category: "design",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "An index whose columns are the leading columns of another index serves no query the other cannot, yet every write pays for both.",
  advice: "Drop the shorter index (unless it is UNIQUE and enforces a rule the longer one does not).",
  examples: {
    postgres: {
      setup:
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\nCREATE INDEX orders_customer_created ON orders (customer_id, created_at);",
      bad: "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\nCREATE INDEX orders_customer_created ON orders (customer_id, created_at);\nCREATE INDEX orders_customer ON orders (customer_id);",
      good: "CREATE INDEX CONCURRENTLY orders_created ON orders (created_at);",
    },
    mysql: {
      setup:
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at datetime);\nCREATE INDEX orders_customer_created ON orders (customer_id, created_at);",
      bad: "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at datetime, KEY orders_customer_created (customer_id, created_at), KEY orders_customer (customer_id)) DEFAULT CHARSET=utf8mb4;",
      good: "CREATE INDEX orders_created ON orders (created_at);",
    },
  },
  check: (context) => {
    const hits: RuleHit[] = [];
    const created = createdIndexes(context);
    for (const [i, { table, index }] of created.entries()) {
      const existing = [...(context.schema.table(table)?.indexes ?? []), ...created.slice(0, i).map((c) => c.index)];
      for (const other of existing) {
        if (index.fulltext || other.fulltext) continue;
        if (isPrefix(index.columns, other.columns) && !index.unique)
          hits.push(
            hit(
              `${index.name ?? "The index"} (${index.columns.join(", ")}) is covered by ${other.name ?? "an index"} (${other.columns.join(", ")}).`,
            ),
          );
        else if (isPrefix(other.columns, index.columns) && !other.unique && !other.primary)
          hits.push(
            hit(
              `${other.name ?? "An index"} (${other.columns.join(", ")}) becomes redundant next to ${index.name ?? "the new index"} (${index.columns.join(", ")}).`,
            ),
          );
      }
    }
    return hits;
  },
};

export const intPrimaryKey: Rule = {
  id: "int-primary-key",
  title: "32-bit integer primary key",
  category: "design",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "A 32-bit key runs out at about 2.1 billion (4.3 unsigned) rows or sequence values; widening it later rewrites the table and every referencing column.",
  advice: "Use bigint for surrogate keys.",
  examples: {
    postgres: {
      bad: "CREATE TABLE clicks (id serial PRIMARY KEY, url text NOT NULL);",
      good: "CREATE TABLE clicks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, url text NOT NULL);",
    },
    mysql: {
      bad: "CREATE TABLE clicks (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, url varchar(2000) NOT NULL) DEFAULT CHARSET=utf8mb4;",
      good: "CREATE TABLE clicks (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, url varchar(2000) NOT NULL) DEFAULT CHARSET=utf8mb4;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind !== "create-table") return [];
    const primary = change.indexes.find((i) => i.primary);
    if (primary?.columns.length !== 1) return [];
    const column = change.columns.find((c) => c.name.toLowerCase() === primary.columns[0]?.toLowerCase());
    return column &&
      /^(int|integer|int4|serial|serial4|mediumint|smallint|int2|smallserial|tinyint)\b/.test(column.type)
      ? [hit(`${change.table}.${column.name} is ${column.type}; use bigint.`)]
      : [];
  },
};

export const timestampWithoutTimeZone: Rule = {
  id: "pg-timestamp-without-time-zone",
  title: "timestamp without time zone",
  category: "design",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale:
    "timestamp stores wall-clock time with no zone: the same instant reads differently from servers and sessions in other zones, and DST makes some values ambiguous.",
  advice: "Use timestamptz: it stores an instant and converts on output.",
  examples: {
    postgres: {
      bad: "CREATE TABLE logins (id bigint PRIMARY KEY, at timestamp NOT NULL);",
      good: "CREATE TABLE logins (id bigint PRIMARY KEY, at timestamptz NOT NULL);",
    },
  },
  check: (context) => {
    const typeChanges = actionsOf(context.change, "alter-column-type").map(({ table, action }) => ({
      table,
      name: action.column,
      type: action.type,
    }));
    return [
      ...definedColumns(context).map(({ table, column }) => ({ table, name: column.name, type: column.type })),
      ...typeChanges,
    ]
      .filter(({ type }) => /^timestamp(\(\d+\))?$/.test(type))
      .map(({ table, name }) => hit(`${table}.${name} is timestamp without time zone.`));
  },
};

export const preferIdentity: Rule = {
  id: "pg-prefer-identity",
  title: "serial instead of an identity column",
  category: "design",
  defaultSeverity: "info",
  dialects: postgresOnly,
  rationale:
    "serial creates a separately owned sequence with its own permissions and dump quirks; identity columns are the SQL-standard form and keep the sequence tied to the column.",
  advice: "Use bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT when rows are inserted with explicit ids).",
  examples: {
    postgres: {
      bad: "CREATE TABLE tags (id bigserial PRIMARY KEY, name text NOT NULL);",
      good: "CREATE TABLE tags (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text NOT NULL);",
    },
  },
  check: (context) =>
    definedColumns(context)
      .filter(({ column }) => /^(small|big)?serial[248]?$/.test(column.type))
      .map(({ table, column }) => hit(`${table}.${column.name} is ${column.type}; prefer an identity column.`)),
};

export const preferText: Rule = {
  id: "pg-prefer-text",
  title: "varchar(n) where a length limit forces a rewrite later",
  category: "design",
  defaultSeverity: "info",
  dialects: postgresOnly,
  rationale:
    "In PostgreSQL varchar(n) is stored like text; the limit buys nothing, and shrinking it later takes an ACCESS EXCLUSIVE lock and a scan.",
  advice:
    "Use text, with a CHECK (char_length(col) <= n) constraint when the limit is a business rule (constraints can be added NOT VALID and validated online).",
  examples: {
    postgres: {
      bad: "CREATE TABLE notes (id bigint PRIMARY KEY, title varchar(80) NOT NULL);",
      good: "CREATE TABLE notes (id bigint PRIMARY KEY, title text NOT NULL CHECK (char_length(title) <= 80));",
    },
  },
  check: (context) => [
    ...definedColumns(context)
      .filter(({ column }) => /^varchar\(\d+\)$/.test(column.type))
      .map(({ table, column }) => hit(`${table}.${column.name} is ${column.type}; prefer text with a CHECK.`)),
    // A type change to varchar(n) sets the same limit as a definition does.
    ...actionsOf(context.change, "alter-column-type")
      .filter(({ action }) => /^varchar\(\d+\)$/.test(action.type))
      .map(({ table, action }) => hit(`${table}.${action.column} becomes ${action.type}; prefer text with a CHECK.`)),
  ],
};

export const designRules: readonly Rule[] = [
  missingPrimaryKey,
  nullableColumn,
  floatForMoney,
  enumChange,
  charsetCollation,
  viewSelectStar,
  overWideIndex,
  redundantIndex,
  intPrimaryKey,
  timestampWithoutTimeZone,
  preferIdentity,
  preferText,
];
