import type { Change } from "../model/change.js";
import { formatVersion } from "../model/dialect.js";
import { algorithmRank, type OnlineDdlVerdict, onlineDdlFor, worstOf } from "./mysql-online-ddl.js";
import { onlineSchemaChangeFor } from "./online-schema-change.js";
import { hit, isNewTable, mysqlDialects, type Rule, type RuleContext } from "./rule.js";

function verdicts(context: RuleContext): OnlineDdlVerdict[] {
  const { change } = context;
  if (change.kind !== "alter-table" || isNewTable(context, change.table)) return [];
  return change.actions.map((action) =>
    onlineDdlFor(action, context.dialect, context.version, context.schema.table(change.table)),
  );
}

const server = (context: RuleContext) =>
  `${context.dialect === "mariadb" ? "MariaDB" : "MySQL"} ${formatVersion(context.version)}`;

export const tableCopy: Rule = {
  id: "mysql-table-copy",
  title: "ALTER TABLE that copies the table and blocks writes",
  category: "locking",
  defaultSeverity: "error",
  dialects: mysqlDialects,
  rationale:
    "With ALGORITHM=COPY the server copies every row into a new table while writes wait: minutes to hours of an unwritable table, and the same again on every replica.",
  advice:
    "Prefer changes the declared version runs INSTANT or INPLACE with LOCK=NONE (add a column, add an index); otherwise run the change through gh-ost or pt-online-schema-change.",
  examples: {
    mysql: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(100));",
      bad: "ALTER TABLE orders MODIFY note text;",
      good: "ALTER TABLE orders ADD COLUMN note_long text, ALGORITHM=INSTANT;",
    },
  },
  check: (context) => {
    const copy = verdicts(context).filter((v) => v.algorithm === "copy");
    return copy.length > 0
      ? [hit(`On ${server(context)} this ALTER needs ALGORITHM=COPY: ${copy.map((v) => v.why).join("; ")}.`)]
      : [];
  },
};

export const tableRebuild: Rule = {
  id: "mysql-table-rebuild",
  title: "ALTER TABLE that rebuilds the table",
  category: "locking",
  defaultSeverity: "warning",
  dialects: mysqlDialects,
  rationale:
    "An in-place rebuild allows concurrent writes but rewrites the whole table: heavy I/O, a temporary second copy on disk, and replicas that lag by the duration of the rebuild.",
  advice:
    "Check the table's size; for a large table run the change through gh-ost or pt-online-schema-change, or choose a change that is INSTANT on the declared version.",
  examples: {
    mysql: {
      setup: "CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint NULL, user_agent varchar(200) NULL);",
      bad: "ALTER TABLE sessions ADD FULLTEXT INDEX sessions_user_agent (user_agent);",
      good: "ALTER TABLE sessions ADD INDEX sessions_user_id (user_id), ALGORITHM=INPLACE, LOCK=NONE;",
    },
  },
  check: (context) => {
    const rebuild = verdicts(context).filter((v) => v.algorithm === "rebuild");
    const worst = worstOf(verdicts(context));
    if (rebuild.length === 0 || worst?.algorithm === "copy") return [];
    return [hit(`On ${server(context)} this ALTER rebuilds the table: ${rebuild.map((v) => v.why).join("; ")}.`)];
  },
};

const requested: Record<string, number> = { INSTANT: 0, INPLACE: 2, NOCOPY: 2, COPY: 3, DEFAULT: 3 };

export const algorithmRefused: Rule = {
  id: "mysql-algorithm-refused",
  title: "ALGORITHM or LOCK that the server will refuse",
  category: "locking",
  defaultSeverity: "error",
  dialects: mysqlDialects,
  rationale:
    "When the requested ALGORITHM (or LOCK=NONE) is not possible for an operation on the declared version, the server refuses the statement and the migration fails halfway through a deploy.",
  advice:
    "Split the statement so that each part can use the algorithm it asks for, or ask for the weaker algorithm knowingly.",
  examples: {
    mysql: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(100));",
      bad: "ALTER TABLE orders MODIFY note text, ALGORITHM=INSTANT;",
      good: "ALTER TABLE orders ADD COLUMN note_long text, ALGORITHM=INSTANT;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind !== "alter-table") return [];
    const worst = worstOf(verdicts(context));
    if (!worst) return [];
    const limit = change.algorithm ? requested[change.algorithm] : undefined;
    const hits = [];
    if (limit !== undefined && algorithmRank(worst.algorithm) > limit)
      hits.push(hit(`ALGORITHM=${change.algorithm} is refused on ${server(context)}: ${worst.why}.`));
    if (change.lock === "NONE" && worst.algorithm === "copy")
      hits.push(hit(`LOCK=NONE is refused on ${server(context)}: ${worst.why}.`));
    return hits;
  },
};

export const algorithmUnstated: Rule = {
  id: "mysql-algorithm-unstated",
  title: "ALTER TABLE without ALGORITHM and LOCK",
  category: "locking",
  defaultSeverity: "info",
  dialects: mysqlDialects,
  rationale:
    "Without ALGORITHM the server silently falls back to the slowest algorithm the operation needs; stating ALGORITHM=INSTANT (or INPLACE, LOCK=NONE) turns a surprise table copy into an immediate error.",
  advice: "Append ALGORITHM=INSTANT, or ALGORITHM=INPLACE, LOCK=NONE, to every ALTER TABLE on a table in use.",
  examples: {
    mysql: {
      setup: "CREATE TABLE carts (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE carts ADD COLUMN note varchar(200) NULL;",
      good: "ALTER TABLE carts ADD COLUMN note varchar(200) NULL, ALGORITHM=INSTANT;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind !== "alter-table" || change.algorithm || change.lock || isNewTable(context, change.table))
      return [];
    const worst = worstOf(verdicts(context));
    const suggestion = worst?.algorithm === "instant" ? "ALGORITHM=INSTANT" : "ALGORITHM=INPLACE, LOCK=NONE";
    return [hit(`State the algorithm (here ${suggestion}) so the server refuses instead of copying the table.`)];
  },
};

export const onlineSchemaChange: Rule = {
  id: "mysql-online-schema-change",
  title: "Large table: run the change with gh-ost or pt-online-schema-change",
  category: "online-schema-change",
  defaultSeverity: "warning",
  dialects: mysqlDialects,
  rationale:
    "On a table above the size threshold an ALTER that is not INSTANT runs for a long time, lags replicas and may block writes. gh-ost (triggerless, binlog based) and pt-online-schema-change (trigger based) copy the table in small chunks and swap it in, under control (throttling, pause, abort).",
  advice:
    "Run the printed gh-ost command when the table has a primary or unique key and no foreign keys or triggers; otherwise pt-online-schema-change (with --alter-foreign-keys-method for foreign keys and --preserve-triggers for triggers). Give the linter table sizes in the config (`tables`) or with a `-- switchboard-table <name> rows=<n>` comment.",
  examples: {
    mysql: {
      setup: "CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(100));",
      bad: "-- switchboard-table orders rows=40000000 foreign-keys=0 triggers=0\nALTER TABLE orders MODIFY note text;",
      good: "-- switchboard-table orders rows=40000000 foreign-keys=0 triggers=0\nALTER TABLE orders ADD COLUMN note_long text, ALGORITHM=INSTANT;",
    },
  },
  check: (context) => {
    const { change } = context;
    if (change.kind !== "alter-table") return [];
    const facts = context.tableFacts(change.table);
    if ((facts?.rows ?? 0) < context.options.largeTableRows) return [];
    const worst = worstOf(verdicts(context));
    if (!worst || worst.algorithm === "instant") return [];
    const osc = onlineSchemaChangeFor(context, change as Extract<Change, { kind: "alter-table" }>);
    const tools =
      [osc.ghost.eligible ? "gh-ost" : undefined, osc.ptOsc.eligible ? "pt-online-schema-change" : undefined]
        .filter(Boolean)
        .join(" or ") || "neither tool as is";
    return [
      {
        message: `${change.table} has about ${(facts?.rows ?? 0).toLocaleString("en-US")} rows and this ALTER is not instant (${worst.why}); run it with ${tools}.`,
        onlineSchemaChange: osc,
      },
    ];
  },
};

export const mysqlLockingRules: readonly Rule[] = [
  tableCopy,
  tableRebuild,
  algorithmRefused,
  algorithmUnstated,
  onlineSchemaChange,
];
