import { allDialects, postgresOnly, type Rule } from "./rule.js";

/** Reported by the linter itself when no parser reads a statement: the reader can tell "clean" from "not understood". */
export const unparsedStatement: Rule = {
  id: "unparsed-statement",
  title: "Statement the parsers could not read",
  category: "parsing",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "A statement no parser reads is not checked by any rule: it may hide any of the problems the others catch.",
  advice:
    "Check the statement for a syntax error; if the server accepts it, review it by hand and say so with a suppression.",
  examples: {
    postgres: {
      setup: "CREATE TABLE carts (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE carts ADD COLUMN;",
      good: "ALTER TABLE carts ADD COLUMN note text;",
    },
    mysql: {
      setup: "CREATE TABLE carts (id bigint PRIMARY KEY);",
      bad: "ALTER TABLE carts ADD COLUMN;",
      good: "ALTER TABLE carts ADD COLUMN note varchar(200) NULL;",
    },
  },
  check: () => [],
};

/** Reported by the linter itself for a `switchboard-ignore` without a reason or naming an unknown rule. */
export const suppressionWithoutReason: Rule = {
  id: "suppression-without-reason",
  title: "Suppression without a reason or for an unknown rule",
  category: "hygiene",
  defaultSeverity: "warning",
  dialects: allDialects,
  rationale:
    "A suppression is a decision an auditor will ask about: without the reason the decision is lost, and a misspelt rule id suppresses nothing.",
  advice: "Write `-- switchboard-ignore <rule-id>: <reason>` on the line before the statement.",
  examples: {
    postgres: {
      setup: "CREATE TABLE legacy_sessions (id bigint PRIMARY KEY);",
      bad: "-- switchboard-ignore drop-table\nDROP TABLE IF EXISTS legacy_sessions;",
      good: "-- switchboard-ignore drop-table: the sessions-v2 flag has been full on since 2026-11-02\nDROP TABLE IF EXISTS legacy_sessions;",
    },
    mysql: {
      setup: "CREATE TABLE legacy_sessions (id bigint PRIMARY KEY);",
      bad: "-- switchboard-ignore drop-table\nDROP TABLE IF EXISTS legacy_sessions;",
      good: "-- switchboard-ignore drop-table: the sessions-v2 flag has been full on since 2026-11-02\nDROP TABLE IF EXISTS legacy_sessions;",
    },
  },
  check: () => [],
};

/** Reported by the linter for each psql meta-command line (`\set`, `\echo … \quit`, `\i`): not SQL, not checked. */
export const psqlMetaCommand: Rule = {
  id: "psql-meta-command",
  title: "psql meta-command: run by psql, not checked",
  category: "parsing",
  defaultSeverity: "info",
  dialects: postgresOnly,
  rationale:
    "Backslash commands are instructions to the psql client, not SQL: the server never sees them and no rule checks them. A script that needs them runs only under psql, and some change what runs (`\\i` reads another file, `\\c` switches database, `\\quit` stops).",
  advice:
    "Keep migrations to plain SQL where the migration tool is not psql; where psql is the tool, lint included files too. Turn this rule off in the config for psql-only scripts.",
  examples: {
    postgres: {
      bad: "\\set ON_ERROR_STOP on\nCREATE TABLE audit_notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL);",
      good: "CREATE TABLE audit_notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL);",
    },
  },
  check: () => [],
};
