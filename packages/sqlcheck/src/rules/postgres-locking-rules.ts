import { type Change, isDdl } from "../model/change.js";
import { atLeast } from "../model/dialect.js";
import { actionsOf, changedTable, hit, isNewTable, postgresOnly, type Rule } from "./rule.js";

export const createIndexConcurrently: Rule = {
  id: "pg-create-index-concurrently",
  title: "CREATE INDEX without CONCURRENTLY",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale:
    "A plain CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the table waits, for minutes on a large table.",
  advice:
    "Use CREATE INDEX CONCURRENTLY, outside a transaction (most migration tools have a per-migration switch), and check for an INVALID index if it fails.",
  examples: {
    postgres: {
      setup: "CREATE TABLE events (id bigint PRIMARY KEY, account_id bigint);",
      bad: "CREATE INDEX events_account_id_idx ON events (account_id);",
      good: "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_account_id_idx ON events (account_id);",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind !== "create-index" || change.concurrently || isNewTable(context, change.table)) return [];
    return [hit(`CREATE INDEX on ${change.table} blocks writes until the index is built.`)];
  },
};

export const dropIndexConcurrently: Rule = {
  id: "pg-drop-index-concurrently",
  title: "DROP INDEX without CONCURRENTLY",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale:
    "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table; behind a long query it queues every other query on the table.",
  advice: "Use DROP INDEX CONCURRENTLY (outside a transaction).",
  examples: {
    postgres: {
      setup: "CREATE TABLE events (id bigint PRIMARY KEY, kind text);\nCREATE INDEX events_kind_idx ON events (kind);",
      bad: "DROP INDEX events_kind_idx;",
      good: "DROP INDEX CONCURRENTLY IF EXISTS events_kind_idx;",
    },
  },
  check: (context) =>
    context.change.kind === "drop-index" && !context.change.concurrently
      ? [hit(`DROP INDEX ${context.change.names.join(", ")} takes an ACCESS EXCLUSIVE lock.`)]
      : [],
};

export const concurrentlyInTransaction: Rule = {
  id: "pg-concurrently-in-transaction",
  title: "CONCURRENTLY inside a transaction",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale:
    "CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot run inside a transaction block: the migration fails.",
  advice:
    "Run the statement in a migration of its own that the tool does not wrap in a transaction (e.g. `disable_ddl_transaction!`, `atomic = False`, `-- migrate:up transaction:false`).",
  examples: {
    postgres: {
      setup: "CREATE TABLE events (id bigint PRIMARY KEY, account_id bigint);",
      bad: "BEGIN;\nCREATE INDEX CONCURRENTLY events_account_idx ON events (account_id);\nCOMMIT;",
      good: "CREATE INDEX CONCURRENTLY events_account_idx ON events (account_id);",
    },
  },
  check: (context) => {
    const { change } = context;
    const concurrent =
      (change.kind === "create-index" || change.kind === "drop-index" || change.kind === "reindex") &&
      change.concurrently;
    return concurrent && context.file.inTransaction ? [hit("CONCURRENTLY cannot run inside a transaction block.")] : [];
  },
};

export const constraintNotValid: Rule = {
  id: "pg-constraint-not-valid",
  title: "Adding a foreign key or CHECK without NOT VALID",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale:
    "Adding the constraint scans the whole table while holding a lock that blocks writes (and, for a foreign key, locks the referenced table too).",
  advice:
    "Add it with NOT VALID (instant, new rows are checked), then VALIDATE CONSTRAINT in a separate statement: validation takes only a SHARE UPDATE EXCLUSIVE lock.",
  examples: {
    postgres: {
      setup:
        "CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE payments (id bigint PRIMARY KEY, account_id bigint);",
      bad: "ALTER TABLE payments ADD CONSTRAINT payments_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);",
      good: "ALTER TABLE payments ADD CONSTRAINT payments_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;\nALTER TABLE payments VALIDATE CONSTRAINT payments_account_fk;",
    },
  },
  check: (context) =>
    actionsOf(context.change, "add-constraint")
      .filter(
        ({ table, action }) =>
          (action.constraint === "foreign-key" || action.constraint === "check") &&
          !action.notValid &&
          !isNewTable(context, table),
      )
      .map(({ table, action }) =>
        hit(
          `${action.constraint === "foreign-key" ? "FOREIGN KEY" : "CHECK"} ${action.name ?? ""} on ${table} validates every row under a write-blocking lock.`.replace(
            "  ",
            " ",
          ),
        ),
      ),
};

export const uniqueConstraintWithIndex: Rule = {
  id: "pg-unique-constraint-with-index",
  title: "Adding a UNIQUE or PRIMARY KEY constraint that builds its index under lock",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale: "ADD CONSTRAINT … UNIQUE / PRIMARY KEY builds the index while holding an ACCESS EXCLUSIVE lock.",
  advice: "CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX (instant).",
  examples: {
    postgres: {
      setup:
        "CREATE TABLE members (id bigint PRIMARY KEY, email text);\nCREATE UNIQUE INDEX CONCURRENTLY members_email_key ON members (email);",
      bad: "ALTER TABLE members ADD CONSTRAINT members_email_key UNIQUE (email);",
      good: "ALTER TABLE members ADD CONSTRAINT members_email_key UNIQUE USING INDEX members_email_key;",
    },
  },
  check: (context) =>
    actionsOf(context.change, "add-constraint")
      .filter(
        ({ table, action }) =>
          (action.constraint === "unique" || action.constraint === "primary-key") &&
          !action.usingIndex &&
          !isNewTable(context, table),
      )
      .map(({ table }) => hit(`The constraint builds its index on ${table} under an ACCESS EXCLUSIVE lock.`)),
};

export const volatileDefault: Rule = {
  id: "pg-volatile-default",
  title: "Adding a column with a default that rewrites the table",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale:
    "Since PostgreSQL 11 a constant (or stable) default is stored in the catalog and the ADD COLUMN is instant; a volatile default (random(), gen_random_uuid(), clock_timestamp()) — or any default before 11 — rewrites the whole table under an ACCESS EXCLUSIVE lock.",
  advice:
    "Add the column without a default (or with a constant), set the default for new rows in a second statement, and backfill existing rows in batches.",
  examples: {
    postgres: {
      setup: "CREATE TABLE devices (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE devices ADD COLUMN token uuid DEFAULT gen_random_uuid();",
      good: "ALTER TABLE devices ADD COLUMN token uuid;\nALTER TABLE devices ALTER COLUMN token SET DEFAULT gen_random_uuid();",
    },
  },
  check: (context) =>
    actionsOf(context.change, "add-column")
      .filter(
        ({ table, action }) =>
          action.column.default &&
          !action.column.default.isNull &&
          (action.column.default.volatile || !atLeast(context.version, 11)) &&
          !isNewTable(context, table),
      )
      .map(({ table, action }) =>
        hit(
          action.column.default?.volatile
            ? `${table}.${action.column.name} DEFAULT ${action.column.default.text} is volatile: the table is rewritten.`
            : `Before PostgreSQL 11, ADD COLUMN … DEFAULT rewrites ${table}.`,
        ),
      ),
};

export const addColumnRewrite: Rule = {
  id: "pg-add-column-rewrite",
  title: "Adding a serial, identity or stored generated column",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale: "Every row needs a computed value, so PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock.",
  advice:
    "Add a plain nullable column, fill it in batches (from a sequence or the expression), then attach the default, identity or constraint.",
  examples: {
    postgres: {
      setup: "CREATE TABLE tickets (id bigint PRIMARY KEY, price numeric(10,2), quantity integer);",
      bad: "ALTER TABLE tickets ADD COLUMN total numeric GENERATED ALWAYS AS (price * quantity) STORED;",
      good: "ALTER TABLE tickets ADD COLUMN total numeric;",
    },
  },
  check: (context) =>
    actionsOf(context.change, "add-column")
      .filter(
        ({ table, action }) => (action.column.generated || action.column.autoIncrement) && !isNewTable(context, table),
      )
      .map(({ table, action }) =>
        hit(`Adding ${table}.${action.column.name} computes a value for every row: the table is rewritten.`),
      ),
};

/** Type changes PostgreSQL performs without a rewrite: widening varchar, varchar → text, dropping a length limit. */
function isBinaryCoercible(from: string | undefined, to: string): boolean {
  if (!from) return false;
  if (to === "text" && /^(varchar|character varying)/.test(from)) return true;
  const a = /^varchar\((\d+)\)$/.exec(from);
  const b = /^varchar\((\d+)\)$/.exec(to);
  if (a && (to === "varchar" || (b && Number(b[1]) >= Number(a[1])))) return true;
  const n1 = /^numeric\((\d+),(\d+)\)$/.exec(from);
  const n2 = /^numeric\((\d+),(\d+)\)$/.exec(to);
  return Boolean(n1 && n2 && n1[2] === n2[2] && Number(n2[1]) >= Number(n1[1]));
}

export const alterTypeRewrite: Rule = {
  id: "pg-alter-column-type-rewrite",
  title: "ALTER COLUMN TYPE that rewrites the table",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale:
    "Most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock; only binary-compatible changes (varchar widening, varchar → text) are catalog-only.",
  advice:
    "Use the expand/contract steps: add a new column, backfill in batches, switch reads behind a flag, drop the old one.",
  examples: {
    postgres: {
      setup: "CREATE TABLE messages (id bigint PRIMARY KEY, body varchar(200), views integer);",
      bad: "ALTER TABLE messages ALTER COLUMN views TYPE bigint;",
      good: "ALTER TABLE messages ALTER COLUMN body TYPE text;",
    },
  },
  check: (context) =>
    actionsOf(context.change, "alter-column-type")
      .filter(
        ({ table, action }) =>
          !isNewTable(context, table) &&
          !(
            isBinaryCoercible(context.schema.column(table, action.column)?.type, action.type) ||
            (action.type === "text" && !action.using && context.schema.column(table, action.column) === undefined)
          ),
      )
      .map(({ table, action }) =>
        hit(`Changing ${table}.${action.column} to ${action.type} rewrites the table under an ACCESS EXCLUSIVE lock.`),
      ),
};

export const setNotNullScan: Rule = {
  id: "pg-set-not-null-scan",
  title: "SET NOT NULL scans the table under an exclusive lock",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale:
    "SET NOT NULL checks every row while holding ACCESS EXCLUSIVE. Since PostgreSQL 12 it skips the scan when a validated CHECK (col IS NOT NULL) exists.",
  advice:
    "ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT; then SET NOT NULL (instant on 12+) and drop the CHECK.",
  examples: {
    postgres: {
      setup: "CREATE TABLE profiles (id bigint PRIMARY KEY, locale text);",
      bad: "ALTER TABLE profiles ALTER COLUMN locale SET NOT NULL;",
      good: "ALTER TABLE profiles ADD CONSTRAINT profiles_locale_nn CHECK (locale IS NOT NULL) NOT VALID;\nALTER TABLE profiles VALIDATE CONSTRAINT profiles_locale_nn;\nALTER TABLE profiles ALTER COLUMN locale SET NOT NULL;",
    },
  },
  check: (context) =>
    actionsOf(context.change, "set-not-null")
      .filter(
        ({ table }) =>
          !isNewTable(context, table) &&
          !(atLeast(context.version, 12) && context.file.validatedTables.has(table.toLowerCase())),
      )
      .map(({ table, action }) =>
        hit(`SET NOT NULL on ${table}.${action.column} scans the table under ACCESS EXCLUSIVE.`),
      ),
};

export const lockTimeout: Rule = {
  id: "pg-lock-timeout",
  title: "DDL without a lock_timeout",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale:
    "Even an instant ALTER waits for its lock behind any long query, and every query that arrives after it waits too: one slow report can stall the site.",
  advice:
    "Start the migration with SET lock_timeout = '2s' (and retry on timeout) so the ALTER gives up instead of queueing everyone behind it.",
  examples: {
    postgres: {
      setup: "CREATE TABLE carts (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE carts ADD COLUMN note text;",
      good: "SET lock_timeout = '2s';\nALTER TABLE carts ADD COLUMN note text;",
    },
  },
  check: (context) => {
    const table = lockedTable(context.change);
    if (!table || !isDdl(context.change) || context.file.lockTimeoutSet || isNewTable(context, table)) return [];
    if (context.change.kind === "create-index" && context.change.concurrently) return [];
    return [hit(`No lock_timeout is set before this statement locks ${table}.`)];
  },
};

/**
 * The existing table a statement must lock in a way that blocks its readers or writers: ALTER TABLE (RENAME TO
 * included), CREATE INDEX, DROP TABLE, TRUNCATE, and without CONCURRENTLY DROP INDEX, REINDEX and REFRESH
 * MATERIALIZED VIEW. DROP INDEX and REINDEX do not name the table: the index or the statement stands for it.
 */
function lockedTable(change: Change): string | undefined {
  switch (change.kind) {
    case "drop-table":
    case "truncate":
      return change.tables[0];
    case "rename-table":
      return change.renames[0]?.from;
    case "drop-index":
      return change.concurrently ? undefined : `the table of index ${change.names[0] ?? "?"}`;
    case "reindex":
      return change.concurrently ? undefined : "the table it reindexes";
    case "refresh-materialized-view":
      return change.concurrently ? undefined : change.name;
    default:
      return changedTable(change);
  }
}

export const enumAddValueInTransaction: Rule = {
  id: "pg-enum-add-value-in-transaction",
  title: "ALTER TYPE … ADD VALUE inside a transaction before PostgreSQL 12",
  category: "locking",
  defaultSeverity: "error",
  dialects: postgresOnly,
  rationale:
    "Before PostgreSQL 12, ALTER TYPE … ADD VALUE cannot run inside a transaction block; from 12 on the new value cannot be used in the same transaction.",
  advice: "Run it in a migration of its own without a transaction, and use the value only in a later migration.",
  examples: {
    postgres: {
      setup: "CREATE TYPE order_state AS ENUM ('open', 'paid');",
      bad: "BEGIN;\nALTER TYPE order_state ADD VALUE 'refunded';\nCOMMIT;",
      good: "ALTER TYPE order_state ADD VALUE IF NOT EXISTS 'refunded';",
    },
  },
  check: (context) =>
    context.change.kind === "alter-enum" && context.change.op === "add-value" && context.file.inTransaction
      ? [
          hit(
            atLeast(context.version, 12)
              ? "The new enum value cannot be used until this transaction commits."
              : "ADD VALUE cannot run inside a transaction block before PostgreSQL 12.",
          ),
        ]
      : [],
};

export const refreshConcurrently: Rule = {
  id: "pg-refresh-concurrently",
  title: "REFRESH MATERIALIZED VIEW without CONCURRENTLY",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale: "A plain refresh takes an ACCESS EXCLUSIVE lock: every read of the view waits until the refresh ends.",
  advice: "Give the view a unique index and use REFRESH MATERIALIZED VIEW CONCURRENTLY.",
  examples: {
    postgres: {
      setup:
        "CREATE TABLE sales (id bigint PRIMARY KEY, day date, amount numeric(12,2));\nCREATE MATERIALIZED VIEW daily_sales AS SELECT day, sum(amount) AS amount FROM sales GROUP BY day;\nCREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);",
      bad: "REFRESH MATERIALIZED VIEW daily_sales;",
      good: "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;",
    },
  },
  check: (context) =>
    context.change.kind === "refresh-materialized-view" && !context.change.concurrently
      ? [hit(`Refreshing ${context.change.name} blocks its readers.`)]
      : [],
};

export const reindexConcurrently: Rule = {
  id: "pg-reindex-concurrently",
  title: "REINDEX without CONCURRENTLY",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale: "REINDEX locks out writes to the table (and reads that would use the index) while it rebuilds.",
  advice: "On PostgreSQL 12+ use REINDEX … CONCURRENTLY; before 12, CREATE INDEX CONCURRENTLY a twin and swap.",
  examples: {
    postgres: {
      setup: "CREATE TABLE logs (id bigint PRIMARY KEY, at timestamptz);\nCREATE INDEX logs_at_idx ON logs (at);",
      bad: "REINDEX INDEX logs_at_idx;",
      good: "REINDEX INDEX CONCURRENTLY logs_at_idx;",
    },
  },
  check: (context) =>
    context.change.kind === "reindex" && !context.change.concurrently
      ? [hit("REINDEX blocks writes while it rebuilds.")]
      : [],
};

export const transactionNesting: Rule = {
  id: "pg-transaction-nesting",
  title: "BEGIN/COMMIT in a migration the tool already wraps in a transaction",
  category: "locking",
  defaultSeverity: "warning",
  dialects: postgresOnly,
  rationale:
    "With --in-transaction the tool has opened a transaction; a COMMIT inside the file ends it early, so the rest runs outside it and a failure leaves a half-applied migration.",
  advice: "Leave transaction control to the migration tool, or switch its transaction off for this migration.",
  examples: {
    postgres: {
      setup: "CREATE TABLE carts (id bigint PRIMARY KEY);",
      bad: "-- switchboard: in-transaction\nBEGIN;\nALTER TABLE carts ADD COLUMN note text;\nCOMMIT;",
      good: "ALTER TABLE carts ADD COLUMN note text;",
    },
  },
  check: (context) =>
    context.change.kind === "transaction" && context.options.inTransaction
      ? [hit(`${context.change.op.toUpperCase()} inside a migration the tool runs in a transaction.`)]
      : [],
};

export const postgresLockingRules: readonly Rule[] = [
  createIndexConcurrently,
  dropIndexConcurrently,
  concurrentlyInTransaction,
  constraintNotValid,
  uniqueConstraintWithIndex,
  volatileDefault,
  addColumnRewrite,
  alterTypeRewrite,
  setNotNullScan,
  lockTimeout,
  enumAddValueInTransaction,
  refreshConcurrently,
  reindexConcurrently,
  transactionNesting,
];
