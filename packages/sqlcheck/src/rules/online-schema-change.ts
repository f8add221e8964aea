import type { Change } from "../model/change.js";
import type { OnlineSchemaChange, RuleContext } from "./rule.js";

/**
 * The part of an ALTER TABLE statement that both tools take as `--alter`: the operations, without the
 * `ALTER TABLE <name>` head and without ALGORITHM/LOCK (the tools choose how to copy). The head is skipped word by
 * word; the statement already parsed, so its shape is known.
 */
export function alterClause(sql: string): string {
  const words =
    /^\s*alter\s+(?:online\s+|ignore\s+)*table\s+(?:if\s+exists\s+)?(?:`[^`]+`|"[^"]+"|[\w$]+)(?:\.(?:`[^`]+`|"[^"]+"|[\w$]+))?\s*/i.exec(
      sql,
    );
  const body = words ? sql.slice(words[0].length) : sql;
  return body
    .split(/,(?![^(]*\))/)
    .map((part) => part.trim())
    .filter((part) => !/^(algorithm|lock)\s*=?\s*\w+$/i.test(part))
    .join(", ")
    .replace(/\s+/g, " ");
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'"'"'`)}'`;

/** Whether gh-ost and pt-online-schema-change can run this ALTER, and the exact command line for each. */
export function onlineSchemaChangeFor(
  context: RuleContext,
  change: Extract<Change, { kind: "alter-table" }>,
): OnlineSchemaChange {
  const [schemaPart, tablePart] = change.table.includes(".") ? change.table.split(".", 2) : [undefined, change.table];
  const table = (tablePart ?? change.table).replace(/[`"]/g, "");
  const database = (schemaPart ?? context.options.osc.database ?? "$DATABASE").replace(/[`"]/g, "");
  const host = context.options.osc.host ?? "$MYSQL_HOST";
  const facts = context.tableFacts(change.table);
  const known = context.schema.table(change.table);
  const hasKey = facts?.primaryKey ?? (known ? known.indexes.some((i) => i.primary || i.unique) : undefined);
  const foreignKeys = facts?.foreignKeys ?? (known ? known.foreignKeys > 0 : undefined);
  const triggers = facts?.triggers;
  const alter = alterClause(context.sql);
  const renames = change.actions.some(
    (a) =>
      a.kind === "rename-column" ||
      (a.kind === "redefine-column" && a.spec.name.toLowerCase() !== a.column.toLowerCase()),
  );
  const addsUnique = change.actions.some((a) => a.kind === "add-index" && a.index.unique);
  const renamesTable = change.actions.some((a) => a.kind === "rename-table");

  const ghostReasons: string[] = [];
  let ghostOk = true;
  if (hasKey === false) {
    ghostOk = false;
    ghostReasons.push("gh-ost needs a primary key or a unique key on NOT NULL columns");
  }
  if (hasKey === undefined) ghostReasons.push("check that the table has a primary key or a NOT NULL unique key");
  if (foreignKeys) {
    ghostOk = false;
    ghostReasons.push("gh-ost does not support tables with foreign keys");
  }
  if (foreignKeys === undefined) ghostReasons.push("check that no foreign key points to or from the table");
  if (triggers) {
    ghostOk = false;
    ghostReasons.push("gh-ost does not support tables with triggers");
  }
  if (renamesTable) {
    ghostOk = false;
    ghostReasons.push("renaming the table is not an online change; use RENAME TABLE");
  }
  if (renames) ghostReasons.push("the ALTER renames a column: gh-ost requires --approve-renamed-columns");
  if (addsUnique)
    ghostReasons.push("adding a unique key silently drops duplicate rows during the copy; check for duplicates first");
  const ghostFlags = [
    "gh-ost",
    `--host=${host}`,
    '--user="$MYSQL_USER"',
    '--password="$MYSQL_PASSWORD"',
    `--database=${database}`,
    `--table=${table}`,
    `--alter=${shellQuote(alter)}`,
    "--chunk-size=1000",
    "--max-load=Threads_running=25",
    "--critical-load=Threads_running=1000",
    "--exact-rowcount",
    "--concurrent-rowcount",
    "--initially-drop-ghost-table",
    "--default-retries=120",
    ...(renames ? ["--approve-renamed-columns"] : []),
    "--execute",
  ];

  const ptReasons: string[] = [];
  let ptOk = true;
  if (hasKey === false) {
    ptOk = false;
    ptReasons.push("pt-online-schema-change needs a primary key or a unique index");
  }
  if (hasKey === undefined) ptReasons.push("check that the table has a primary key or a unique index");
  if (foreignKeys)
    ptReasons.push("foreign keys: --alter-foreign-keys-method=auto rebuilds or swaps the child tables' constraints");
  if (triggers)
    ptReasons.push("triggers: --preserve-triggers recreates them on the new table (MySQL 5.7.2+ / MariaDB 10.2.3+)");
  if (renamesTable) {
    ptOk = false;
    ptReasons.push("renaming the table is not an online change; use RENAME TABLE");
  }
  if (addsUnique)
    ptReasons.push("adding a unique index loses duplicate rows (INSERT IGNORE); check for duplicates first");
  const ptFlags = [
    "pt-online-schema-change",
    `--alter=${shellQuote(alter)}`,
    `D=${database},t=${table},h=${host}`,
    '--user="$MYSQL_USER"',
    '--password="$MYSQL_PASSWORD"',
    "--chunk-size=1000",
    "--max-load=Threads_running=25",
    "--critical-load=Threads_running=50",
    ...(foreignKeys || foreignKeys === undefined ? ["--alter-foreign-keys-method=auto"] : []),
    ...(triggers ? ["--preserve-triggers"] : []),
    "--execute",
  ];
  return {
    table: change.table,
    ghost: { eligible: ghostOk, reasons: ghostReasons, command: ghostFlags.join(" ") },
    ptOsc: { eligible: ptOk, reasons: ptReasons, command: ptFlags.join(" ") },
  };
}
