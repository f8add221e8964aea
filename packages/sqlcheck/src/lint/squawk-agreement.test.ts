import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { defaultVersions } from "../model/dialect.js";
import { loadParsers } from "../parse/parse-statement.js";
import { ruleById, rules } from "../rules/catalogue.js";
import { POSTGRES_ROOT, postgresExtensionFiles } from "../testing/installed-sql.js";
import { runSquawk, type SquawkViolation, squawkVersion } from "../testing/squawk.js";
import type { FileReport, StatementReport } from "./finding.js";
import { lintSqlLoaded } from "./lint-sql.js";

// sqlcheck and squawk (the established PostgreSQL migration linter, a pinned dev dependency) over the same PostgreSQL
// files: the contrib extension scripts installed on the machine (read in place, as in corpus.test.ts) and the
// PostgreSQL bad/good examples of every sqlcheck rule that has a squawk counterpart. On every statement, for every
// pair of the rule table below, both flag it or neither does — except the known differences further down, each
// with its reason. A new disagreement fails with the file, the line and both rule ids. docs/sqlcheck.md reports the
// counts.

/** squawk's rules and sqlcheck's that check the same thing (the table in docs/sqlcheck.md, "Compared with squawk"). */
const ruleMap: readonly { readonly squawk: readonly string[]; readonly sqlcheck: readonly string[] }[] = [
  { squawk: ["require-concurrent-index-creation"], sqlcheck: ["pg-create-index-concurrently"] },
  { squawk: ["require-concurrent-index-deletion"], sqlcheck: ["pg-drop-index-concurrently"] },
  { squawk: ["require-concurrent-reindex"], sqlcheck: ["pg-reindex-concurrently"] },
  { squawk: ["ban-concurrent-index-creation-in-transaction"], sqlcheck: ["pg-concurrently-in-transaction"] },
  { squawk: ["constraint-missing-not-valid", "adding-foreign-key-constraint"], sqlcheck: ["pg-constraint-not-valid"] },
  { squawk: ["disallowed-unique-constraint"], sqlcheck: ["pg-unique-constraint-with-index"] },
  { squawk: ["adding-field-with-default"], sqlcheck: ["pg-volatile-default", "pg-add-column-rewrite"] },
  {
    squawk: ["adding-required-field", "adding-not-nullable-field"],
    sqlcheck: ["add-not-null-without-default", "set-not-null", "pg-set-not-null-scan"],
  },
  {
    squawk: ["changing-column-type"],
    sqlcheck: ["change-column-type", "pg-alter-column-type-rewrite", "narrow-column"],
  },
  { squawk: ["renaming-column", "renaming-table"], sqlcheck: ["rename-column", "rename-table"] },
  { squawk: ["ban-drop-column", "ban-drop-table"], sqlcheck: ["drop-column", "drop-table"] },
  { squawk: ["prefer-bigint-over-int", "prefer-big-int"], sqlcheck: ["int-primary-key"] },
  { squawk: ["prefer-identity"], sqlcheck: ["pg-prefer-identity"] },
  { squawk: ["prefer-text-field"], sqlcheck: ["pg-prefer-text"] },
  { squawk: ["prefer-timestamp-tz"], sqlcheck: ["pg-timestamp-without-time-zone"] },
  { squawk: ["prefer-robust-stmts"], sqlcheck: ["missing-if-exists"] },
  { squawk: ["transaction-nesting"], sqlcheck: ["pg-transaction-nesting"] },
  { squawk: ["require-lock-timeout", "require-statement-timeout"], sqlcheck: ["pg-lock-timeout"] },
];

type RulePair = (typeof ruleMap)[number];
const pairName = (pair: RulePair) => `${pair.squawk.join(" / ")} ↔ ${pair.sqlcheck.join(" / ")}`;

/** One statement where, for one rule pair, one linter flags and the other does not. */
interface Disagreement {
  readonly pair: RulePair;
  readonly file: string;
  readonly line: number;
  /** What sqlcheck read the statement as doing (`create-table`, `alter-table`, `other` …); none outside statements. */
  readonly kinds: readonly string[];
  /** The statement's text (its lines), for the known differences to look at. */
  readonly sql: string;
  /** The rules of the pair that flagged it: squawk's, or sqlcheck's. */
  readonly squawk: readonly string[];
  readonly sqlcheck: readonly string[];
  /** Every rule that flagged the statement, of any pair or none. */
  readonly allSqlcheck: readonly string[];
  /** Every squawk rule that flagged something in the file. */
  readonly squawkInFile: readonly string[];
  /** The file's text before the statement. */
  readonly before: string;
}

interface KnownDifference {
  /** Which side flags and which does not. */
  readonly only: "squawk" | "sqlcheck";
  /** The rule that flags (of the side in `only`) … */
  readonly flags: string;
  /** … and the rule of the other side that does not. */
  readonly silent: string;
  readonly why: string;
  readonly applies: (d: Disagreement) => boolean;
}

/** What pg-lock-timeout checks: a statement that locks a table the file did not create, not CONCURRENTLY. */
function locksExistingTable(d: Disagreement): boolean {
  const locking = [
    ...["alter-table", "rename-table", "create-index", "drop-table", "drop-index"],
    ...["truncate", "reindex", "refresh-materialized-view"],
  ];
  if (!d.kinds.some((kind) => locking.includes(kind))) return false;
  if (/\bCONCURRENTLY\b/i.test(d.sql)) return false;
  const table = /^\s*(?:ALTER TABLE|DROP TABLE|TRUNCATE(?: TABLE)?)\s+(?:IF EXISTS\s+)?(?:ONLY\s+)?([\w."]+)/i.exec(
    d.sql,
  )?.[1];
  if (!table) return true;
  const name = table.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return !new RegExp(`CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${name}\\b`, "i").test(d.before);
}

// Where the two linters part on purpose. Each entry covers a kind of statement, not a list of files: a disagreement
// of another kind is new and fails the test.
const knownDifferences: readonly KnownDifference[] = [
  {
    only: "squawk",
    flags: "require-lock-timeout",
    silent: "pg-lock-timeout",
    why: "squawk asks for lock_timeout before any DDL (CREATE FUNCTION, CREATE VIEW, CREATE INDEX CONCURRENTLY …); sqlcheck only before a statement that locks an existing table, which is what queues traffic behind it",
    applies: (d) => !locksExistingTable(d),
  },
  {
    only: "squawk",
    flags: "require-statement-timeout",
    silent: "pg-lock-timeout",
    why: "sqlcheck asks for lock_timeout only: a statement_timeout would also cut off a long but harmless backfill or CREATE INDEX CONCURRENTLY",
    applies: (d) => !d.squawk.includes("require-lock-timeout"),
  },
  {
    only: "sqlcheck",
    flags: "pg-lock-timeout",
    silent: "require-lock-timeout",
    why: "squawk reports a missing lock_timeout once per file, at its first slow statement; sqlcheck at every statement that locks an existing table",
    applies: (d) => d.squawkInFile.includes("require-lock-timeout"),
  },
  {
    only: "squawk",
    flags: "prefer-robust-stmts",
    silent: "missing-if-exists",
    why: "squawk also asks for IF [NOT] EXISTS on ALTER TABLE actions; sqlcheck only on CREATE/DROP TABLE and INDEX, which a rerun after a partial failure trips over",
    applies: (d) => d.kinds.every((kind) => kind === "alter-table" || kind === "rename-table") && d.kinds.length > 0,
  },
  {
    only: "squawk",
    flags: "constraint-missing-not-valid",
    silent: "pg-constraint-not-valid",
    why: "a UNIQUE constraint cannot be added NOT VALID in PostgreSQL; sqlcheck flags it as pg-unique-constraint-with-index instead (as squawk's disallowed-unique-constraint does)",
    applies: (d) => d.allSqlcheck.includes("pg-unique-constraint-with-index"),
  },
  {
    only: "sqlcheck",
    flags: "set-not-null",
    silent: "adding-not-nullable-field",
    why: "after a validated CHECK (col IS NOT NULL) SET NOT NULL no longer scans (squawk and pg-set-not-null-scan are silent), but sqlcheck's compatibility rule still warns: old code that writes NULL now fails",
    applies: (d) => !d.allSqlcheck.includes("pg-set-not-null-scan"),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The files: the same text for both linters, except that squawk gets psql meta-command lines blanked (it stops at an
// extension script's `\echo … \quit` guard) — the line numbers stay the same.

interface Source {
  /** What a failure names: the installed file's path, or the example's rule and side. */
  readonly name: string;
  readonly text: string;
  /** The copy squawk reads, in a temporary folder. */
  readonly squawkPath: string;
  /** `-- switchboard: in-transaction`: squawk is told the same with `--assume-in-transaction`. */
  readonly inTransaction: boolean;
}

/** The text squawk reads: psql meta-command lines blanked, CREATE EXTENSION's placeholders as quoted identifiers. */
function forSquawk(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^\s*\\/.test(line) ? "" : line))
    .join("\n")
    .replace(/@(extschema(?::[\w-]+)?|extowner)@/g, '"$1"'); // same length: columns stay where they were
}

const mappedSqlcheckIds = new Set(ruleMap.flatMap((pair) => pair.sqlcheck));
const version = defaultVersions.postgres;
const pgVersion = `${version[0]}.${version[1]}`;

function sources(dir: string): Source[] {
  const corpus = postgresExtensionFiles().map((path) => ({
    name: path,
    text: readFileSync(path, "utf8"),
    squawkPath: join(dir, "corpus", basename(dirname(dirname(path))), basename(path)),
  }));
  const examples = rules
    .filter((rule) => mappedSqlcheckIds.has(rule.id) && rule.dialects.includes("postgres"))
    .flatMap((rule) => {
      const example = rule.examples.postgres;
      if (!example) return [];
      return (["bad", "good"] as const).map((side) => ({
        name: `example ${rule.id} (${side})`,
        text: example[side],
        squawkPath: join(dir, "examples", `${rule.id}.${side}.sql`),
      }));
    });
  return [...corpus, ...examples].map((source) => ({
    ...source,
    inTransaction: /^\s*--\s*switchboard:\s*in-transaction\b/m.test(source.text),
  }));
}

// ---------------------------------------------------------------------------------------------------------------

interface Verdict {
  readonly pair: RulePair;
  readonly squawk: readonly string[];
  readonly sqlcheck: readonly string[];
  readonly disagreement?: Disagreement;
}

/** The statement a squawk result points into: the last one starting at or before its position. */
function statementAt(report: FileReport, line: number, column: number): StatementReport | undefined {
  let found: StatementReport | undefined;
  for (const s of report.statements)
    if ((s.line < line || (s.line === line && s.column <= column)) && line <= s.endLine) found = s;
  return found;
}

/** For every statement and every rule pair: who flags it. squawk results outside any statement count on their own. */
function verdicts(source: Source, report: FileReport, violations: readonly SquawkViolation[]): Verdict[] {
  const lines = source.text.split("\n");
  const bySlot = new Map<number | string, SquawkViolation[]>();
  for (const v of violations) {
    const slot = statementAt(report, v.line, v.column)?.index ?? `line ${v.line}`;
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), v]);
  }
  // A suppressed finding still means the rule fired: a waiver is the author's call, not the rule's.
  const sqlcheckRules = (s: StatementReport) => [
    ...s.findings.map((f) => f.ruleId),
    ...report.suppressed.filter((f) => f.statementIndex === s.index).map((f) => f.ruleId),
  ];
  const squawkInFile = [...new Set(violations.map((v) => v.rule))];
  const slots: { line: number; kinds: readonly string[]; sql: string; squawk: string[]; sqlcheck: string[] }[] = [
    ...report.statements.map((s) => ({
      line: s.line,
      kinds: s.kinds,
      sql: lines.slice(s.line - 1, s.endLine).join("\n"),
      squawk: (bySlot.get(s.index) ?? []).map((v) => v.rule),
      sqlcheck: sqlcheckRules(s),
    })),
    ...[...bySlot.entries()]
      .filter(([slot]) => typeof slot === "string")
      .map(([, vs]) => ({
        line: vs[0]?.line ?? 0,
        kinds: [],
        sql: lines[(vs[0]?.line ?? 1) - 1] ?? "",
        squawk: vs.map((v) => v.rule),
        sqlcheck: [],
      })),
  ];
  return slots.flatMap((slot) =>
    ruleMap.map((pair) => {
      const squawk = [...new Set(slot.squawk.filter((r) => pair.squawk.includes(r)))];
      const sqlcheck = [...new Set(slot.sqlcheck.filter((r) => pair.sqlcheck.includes(r)))];
      const disagree = squawk.length > 0 !== sqlcheck.length > 0;
      return {
        pair,
        squawk,
        sqlcheck,
        ...(disagree
          ? {
              disagreement: {
                pair,
                file: source.name,
                line: slot.line,
                kinds: slot.kinds,
                sql: slot.sql,
                squawk,
                sqlcheck,
                allSqlcheck: slot.sqlcheck,
                squawkInFile,
                before: lines.slice(0, slot.line - 1).join("\n"),
              },
            }
          : {}),
      };
    }),
  );
}

function knownDifferenceOf(d: Disagreement): KnownDifference | undefined {
  const only = d.squawk.length > 0 ? "squawk" : "sqlcheck";
  const flagging = only === "squawk" ? d.squawk : d.sqlcheck;
  const silentSide = only === "squawk" ? d.pair.sqlcheck : d.pair.squawk;
  return knownDifferences.find(
    (k) => k.only === only && flagging.includes(k.flags) && silentSide.includes(k.silent) && k.applies(d),
  );
}

function describeDisagreement(d: Disagreement): string {
  return d.squawk.length > 0
    ? `${d.file}:${d.line}: squawk ${d.squawk.join(", ")} flags it, sqlcheck ${d.pair.sqlcheck.join(" / ")} does not`
    : `${d.file}:${d.line}: sqlcheck ${d.sqlcheck.join(", ")} flags it, squawk ${d.pair.squawk.join(" / ")} does not`;
}

// ---------------------------------------------------------------------------------------------------------------

interface Run {
  readonly sources: readonly Source[];
  readonly statements: number;
  readonly verdicts: readonly (Verdict & { readonly source: Source })[];
}

/**
 * Runs both linters over all files, once per test run. No beforeAll: when squawk is missing every test fails with
 * the message naming `npm ci`, rather than being reported as skipped.
 */
async function compare(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "sqlcheck-squawk-"));
  try {
    const all = sources(dir);
    for (const source of all) {
      mkdirSync(dirname(source.squawkPath), { recursive: true });
      writeFileSync(source.squawkPath, forSquawk(source.text));
    }
    // squawk runs once over all files (twice when some declare a transaction: its flag is per run, not per file).
    const violations = [
      ...runSquawk(
        all.filter((s) => !s.inTransaction).map((s) => s.squawkPath),
        { pgVersion },
      ),
      ...runSquawk(
        all.filter((s) => s.inTransaction).map((s) => s.squawkPath),
        { pgVersion, assumeInTransaction: true },
      ),
    ];
    const byPath = new Map<string, SquawkViolation[]>();
    for (const v of violations) byPath.set(v.file, [...(byPath.get(v.file) ?? []), v]);
    await loadParsers();
    // Each file on its own, as squawk sees it: no table known from an earlier file.
    const reports = all.map((source) => {
      const report = lintSqlLoaded({
        dialect: "postgres",
        version,
        files: [{ name: source.name, content: source.text }],
      }).files[0] as FileReport;
      return { source, report };
    });
    return {
      sources: all,
      statements: reports.reduce((sum, { report }) => sum + report.statements.length, 0),
      verdicts: reports.flatMap(({ source, report }) =>
        verdicts(source, report, byPath.get(source.squawkPath) ?? []).map((v) => ({ ...v, source })),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let pending: Promise<Run> | undefined;
const current = (): Promise<Run> => {
  pending ??= compare();
  return pending;
};

describe("sqlcheck agrees with squawk on the rules both have", () => {
  test("squawk 2.66.0 is installed (a pinned dev dependency: npm ci installs it)", () => {
    expect(squawkVersion()).toBe("2.66.0");
  });

  test("the rule table names sqlcheck rules that exist, and the corpus is there", () => {
    expect(ruleMap.flatMap((pair) => pair.sqlcheck).filter((id) => !ruleById(id))).toEqual([]);
    expect(
      postgresExtensionFiles().length,
      `${POSTGRES_ROOT}/*/extension/*.sql missing: apt-get install postgresql-contrib`,
    ).toBeGreaterThan(100);
  });

  test("on every statement, for every rule pair, both flag it or neither does, but for the known differences", async () => {
    const disagreements = (await current()).verdicts.flatMap((v) => (v.disagreement ? [v.disagreement] : []));
    const unexplained = disagreements.filter((d) => !knownDifferenceOf(d)).map(describeDisagreement);
    expect(
      unexplained,
      "new disagreements with squawk: fix the rule or add a known difference with its reason",
    ).toEqual([]);
  }, 120_000);

  test("every known difference still occurs (a stale one is removed, not kept)", async () => {
    const used = new Set(
      (await current()).verdicts.flatMap((v) => (v.disagreement ? [knownDifferenceOf(v.disagreement)] : [])),
    );
    expect(knownDifferences.filter((k) => !used.has(k)).map((k) => `${k.flags} / ${k.silent}: ${k.why}`)).toEqual([]);
  }, 120_000);

  test("the comparison is not empty: every rule pair has statements both flag", async () => {
    const flaggedByBoth = new Set(
      (await current()).verdicts.filter((v) => v.squawk.length > 0 && v.sqlcheck.length > 0).map((v) => v.pair),
    );
    expect(ruleMap.filter((pair) => !flaggedByBoth.has(pair)).map(pairName)).toEqual([]);
  }, 120_000);

  test("counts (for docs/sqlcheck.md)", async () => {
    const { sources: all, statements, verdicts: vs } = await current();
    const rows = ruleMap.map((pair) => {
      const mine = vs.filter((v) => v.pair === pair);
      const both = mine.filter((v) => v.squawk.length > 0 && v.sqlcheck.length > 0).length;
      const squawkOnly = mine.filter((v) => v.squawk.length > 0 && v.sqlcheck.length === 0).length;
      const sqlcheckOnly = mine.filter((v) => v.squawk.length === 0 && v.sqlcheck.length > 0).length;
      return {
        pair: pairName(pair),
        both,
        neither: mine.length - both - squawkOnly - sqlcheckOnly,
        squawkOnly,
        sqlcheckOnly,
      };
    });
    const known = knownDifferences.map((k) => {
      const hits = vs.filter((v) => v.disagreement && knownDifferenceOf(v.disagreement) === k);
      const inCorpus = hits.filter((v) => v.source.name.startsWith(POSTGRES_ROOT)).length;
      return `${k.flags} without ${k.silent}: ${hits.length} (${inCorpus} in the extension scripts)`;
    });
    const corpus = all.filter((s) => s.name.startsWith(POSTGRES_ROOT)).length;
    console.log(
      `squawk agreement: ${all.length} files (${corpus} extension scripts, ${all.length - corpus} examples), ${statements} statements\n` +
        rows.map((r) => `| ${r.pair} | ${r.both} | ${r.neither} | ${r.squawkOnly} | ${r.sqlcheckOnly} |`).join("\n") +
        `\nknown differences:\n${known.join("\n")}`,
    );
    expect(statements).toBeGreaterThan(0);
  }, 120_000);
});
