import { isDdl } from "../model/change.js";
import { actionsOf, allDialects, hit, mysqlDialects, type Rule, type RuleContext } from "./rule.js";

export const oneChangePerMigration: Rule = {
  id: "mysql-one-change-per-migration",
  title: "Several DDL statements in one MySQL/MariaDB migration",
  category: "hygiene",
  defaultSeverity: "warning",
  dialects: mysqlDialects,
  rationale:
    "MySQL and MariaDB commit every DDL statement on its own: when the third of five statements fails, the first two stay applied, the migration is marked failed, and rerunning it fails on the first statement.",
  advice:
    "Put one schema change per migration file (several operations on one table can share one ALTER TABLE), or make every statement rerunnable with IF [NOT] EXISTS.",
  examples: {
    mysql: {
      setup: "CREATE TABLE carts (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE carts ADD COLUMN note varchar(200) NULL;\nALTER TABLE carts ADD COLUMN coupon varchar(40) NULL;",
      good: "ALTER TABLE carts ADD COLUMN note varchar(200) NULL, ADD COLUMN coupon varchar(40) NULL, ALGORITHM=INSTANT;",
    },
  },
  check: (context) =>
    isDdl(context.change) && context.file.ddlBefore >= 1 && !isRerunnable(context)
      ? [
          hit(
            `This is DDL statement ${context.file.ddlBefore + 1} of ${context.file.ddlTotal} in a migration the server cannot roll back.`,
          ),
        ]
      : [],
};

/** Whether rerunning the statement after a partial failure succeeds. */
function isRerunnable(context: RuleContext): boolean {
  const { change } = context;
  switch (change.kind) {
    case "create-table":
    case "create-index":
      return change.ifNotExists;
    case "drop-table":
    case "drop-index":
    case "drop-object":
      return change.ifExists;
    default:
      return false;
  }
}

export const missingIfExists: Rule = {
  id: "missing-if-exists",
  title: "CREATE/DROP without IF [NOT] EXISTS where reruns happen",
  category: "hygiene",
  defaultSeverity: "info",
  dialects: allDialects,
  rationale:
    "A migration that is not atomic (MySQL/MariaDB DDL, PostgreSQL CONCURRENTLY or a file run without a transaction) is rerun after a partial failure; CREATE of something that exists or DROP of something gone then fails again.",
  advice: "Write CREATE TABLE/INDEX IF NOT EXISTS and DROP TABLE/INDEX IF EXISTS.",
  examples: {
    postgres: {
      setup: "CREATE TABLE events (id bigint PRIMARY KEY, kind text);",
      bad: "CREATE INDEX CONCURRENTLY events_kind_idx ON events (kind);",
      good: "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);",
    },
    mysql: {
      bad: "CREATE TABLE coupons (id bigint PRIMARY KEY, code varchar(40) NOT NULL) DEFAULT CHARSET=utf8mb4;",
      good: "CREATE TABLE IF NOT EXISTS coupons (id bigint PRIMARY KEY, code varchar(40) NOT NULL) DEFAULT CHARSET=utf8mb4;",
    },
  },
  check: (context) => {
    const { change } = context;
    // PostgreSQL inside a transaction rolls back as a whole: a rerun starts from a clean state.
    const atomic =
      context.family === "postgres" &&
      context.file.inTransaction &&
      !(change.kind === "create-index" && change.concurrently);
    if (atomic) return [];
    // MySQL has no CREATE INDEX IF NOT EXISTS; MariaDB does.
    if (change.kind === "create-index" && !change.ifNotExists && context.dialect !== "mysql")
      return [hit("CREATE INDEX without IF NOT EXISTS fails when rerun.")];
    if (change.kind === "create-table" && !change.ifNotExists && !change.temporary)
      return [hit(`CREATE TABLE ${change.table} without IF NOT EXISTS fails when rerun.`)];
    if ((change.kind === "drop-table" || change.kind === "drop-index") && !change.ifExists)
      return [hit("DROP without IF EXISTS fails when rerun.")];
    return [];
  },
};

export const dataMixedWithDdl: Rule = {
  id: "data-mixed-with-ddl",
  title: "Data changes mixed with schema changes",
  category: "hygiene",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "A backfill in the same migration as DDL holds the DDL's locks for as long as the update runs (PostgreSQL) or runs half-committed next to auto-committed DDL (MySQL); large updates also belong in batches, not in one statement.",
  advice:
    "Change the schema in one migration, and backfill in a separate migration or a background job that works in batches.",
  examples: {
    postgres: {
      setup: "CREATE TABLE users (id bigint PRIMARY KEY, plan text);",
      bad: "ALTER TABLE users ADD COLUMN tier text;\nUPDATE users SET tier = plan;",
      good: "ALTER TABLE users ADD COLUMN tier text;",
    },
    mysql: {
      setup: "CREATE TABLE users (id bigint PRIMARY KEY, plan varchar(20));",
      bad: "ALTER TABLE users ADD COLUMN tier varchar(20) NULL;\nUPDATE users SET tier = plan;",
      good: "ALTER TABLE users ADD COLUMN tier varchar(20) NULL, ALGORITHM=INSTANT;",
    },
  },
  check: (context) =>
    context.change.kind === "data" && context.change.verb !== "insert" && context.file.ddlTotal > 0
      ? [
          hit(
            `${context.change.verb.toUpperCase()} of ${context.change.table} runs in the same migration as schema changes.`,
          ),
        ]
      : [],
};

export const dataChangeWithoutWhere: Rule = {
  id: "data-change-without-where",
  title: "UPDATE or DELETE without WHERE",
  category: "hygiene",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "It touches every row in one statement: one long transaction, locks on every row, replica lag, and nothing to resume from if it is interrupted.",
  advice: "Update in batches by key range (WHERE id BETWEEN …) from a job, or add the WHERE that was meant.",
  examples: {
    postgres: {
      setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier text);",
      bad: "UPDATE users SET tier = 'free';",
      good: "UPDATE users SET tier = 'free' WHERE id BETWEEN 1 AND 10000 AND tier IS NULL;",
    },
    mysql: {
      setup: "CREATE TABLE users (id bigint PRIMARY KEY, tier varchar(20));",
      bad: "UPDATE users SET tier = 'free';",
      good: "UPDATE users SET tier = 'free' WHERE id BETWEEN 1 AND 10000 AND tier IS NULL;",
    },
  },
  check: (context) =>
    context.change.kind === "data" &&
    (context.change.verb === "update" || context.change.verb === "delete") &&
    !context.change.hasWhere
      ? [hit(`${context.change.verb.toUpperCase()} ${context.change.table} has no WHERE: every row changes at once.`)]
      : [],
};

export const liveCodeReads: Rule = {
  id: "live-code-reads",
  title: "Dropping or renaming what live code still reads",
  category: "live-code",
  defaultSeverity: "error",
  dialects: allDialects,
  rationale:
    "The contract step of expand/contract is safe only once no running code reads the old shape. Code behind a flag that is still off or partly on somewhere still runs for someone; dropping its column breaks them.",
  advice:
    "Wait until the flag guarding the code is full on in every environment (or removed together with the old code), then drop. Pass the flags and column usage with --usage (see docs/sqlcheck.md).",
  examples: {
    postgres: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, legacy_total numeric(12,2));",
      bad: "-- switchboard-usage orders.legacy_total src/checkout/summary.ts:42 flag=new-checkout state=production:partial\nALTER TABLE orders DROP COLUMN legacy_total;",
      good: "-- switchboard-usage orders.legacy_total src/checkout/summary.ts:42 flag=new-checkout state=production:partial\nALTER TABLE orders ALTER COLUMN legacy_total DROP NOT NULL;",
    },
    mysql: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, legacy_total decimal(12,2));",
      bad: "-- switchboard-usage orders.legacy_total src/checkout/summary.ts:42 flag=new-checkout state=production:partial\nALTER TABLE orders DROP COLUMN legacy_total;",
      good: "-- switchboard-usage orders.legacy_total src/checkout/summary.ts:42 flag=new-checkout state=production:partial\nALTER TABLE orders MODIFY legacy_total decimal(12,2) NULL;",
    },
  },
  check: (context) => {
    const { change, liveCode } = context;
    if (liveCode.isEmpty) return [];
    const targets: { table: string; column?: string; what: string }[] = [];
    for (const { table, action } of actionsOf(change, "drop-column"))
      targets.push({ table, column: action.column, what: "drops" });
    for (const { table, action } of actionsOf(change, "rename-column"))
      targets.push({ table, column: action.from, what: "renames" });
    for (const { table, action } of actionsOf(change, "redefine-column"))
      if (action.spec.name.toLowerCase() !== action.column.toLowerCase())
        targets.push({ table, column: action.column, what: "renames" });
    for (const { table } of actionsOf(change, "rename-table")) targets.push({ table, what: "renames" });
    if (change.kind === "drop-table") for (const table of change.tables) targets.push({ table, what: "drops" });
    if (change.kind === "rename-table")
      for (const r of change.renames) targets.push({ table: r.from, what: "renames" });
    return targets.flatMap(({ table, column, what }) =>
      liveCode
        .liveReaders(table, column)
        .map((reader) =>
          hit(
            `This ${what} ${column ? `${table}.${column}` : table}, which ${reader.file}:${reader.line} still reads (${reader.reason}).`,
          ),
        ),
    );
  },
};

export const hygieneRules: readonly Rule[] = [
  oneChangePerMigration,
  missingIfExists,
  dataMixedWithDdl,
  dataChangeWithoutWhere,
  liveCodeReads,
];
