import type { AlterAction, Change } from "../model/change.js";
import type { Dialect, DialectFamily, ServerVersion } from "../model/dialect.js";
import type { KnownSchema, TableFacts } from "../schema/known-schema.js";
import type { LiveCodeIndex } from "./live-code-index.js";

export type Severity = "error" | "warning" | "info";

export type RuleCategory =
  | "compatibility"
  | "locking"
  | "online-schema-change"
  | "design"
  | "hygiene"
  | "live-code"
  | "parsing";

/** A bad statement, the good way to reach the same goal, and what must exist before either runs. */
export interface RuleExample {
  /** Run before `good` on a scratch database (never linted): the tables the example changes. */
  readonly setup?: string;
  readonly bad: string;
  readonly good: string;
}

/** The command lines that run a change online, for a table too big for an in-place ALTER. */
export interface OnlineSchemaChange {
  readonly table: string;
  readonly ghost: { readonly eligible: boolean; readonly reasons: readonly string[]; readonly command: string };
  readonly ptOsc: { readonly eligible: boolean; readonly reasons: readonly string[]; readonly command: string };
}

/** One thing a rule found in one statement. */
export interface RuleHit {
  readonly message: string;
  readonly onlineSchemaChange?: OnlineSchemaChange;
}

/** What the file looks like around the statement a rule is checking. */
export interface FileFacts {
  /** `SET lock_timeout` ran earlier in the file. */
  readonly lockTimeoutSet: boolean;
  /** The statement runs inside a transaction: `--in-transaction`, or after an explicit BEGIN. */
  readonly inTransaction: boolean;
  /** Tables created earlier in this file: nobody reads them yet, so locks and rewrites cost nothing. */
  readonly createdHere: ReadonlySet<string>;
  /** Constraints validated earlier in the file, by table. */
  readonly validatedTables: ReadonlySet<string>;
  /** How many DDL statements came before this one in the file. */
  readonly ddlBefore: number;
  /** Counts over the whole file. */
  readonly ddlTotal: number;
  readonly dataTotal: number;
}

export interface LintOptions {
  readonly largeTableRows: number;
  readonly maxIndexColumns: number;
  readonly moneyWords: readonly string[];
  readonly osc: { readonly database?: string; readonly host?: string };
  /** The migration tool wraps each file in a transaction (`--in-transaction`). */
  readonly inTransaction: boolean;
}

export interface RuleContext {
  readonly dialect: Dialect;
  readonly family: DialectFamily;
  readonly version: ServerVersion;
  readonly change: Change;
  /** The statement's text as written. */
  readonly sql: string;
  /** The schema as known before this statement: created earlier in the run, or described in the config. */
  readonly schema: KnownSchema;
  readonly file: FileFacts;
  readonly options: LintOptions;
  readonly liveCode: LiveCodeIndex;
  readonly tableFacts: (table: string) => TableFacts | undefined;
}

export interface Rule {
  /** Stable: configs, suppressions and SARIF results refer to it. */
  readonly id: string;
  readonly title: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  /** The dialects the rule checks. */
  readonly dialects: readonly Dialect[];
  /** Why it matters. */
  readonly rationale: string;
  /** What to do instead; for backward compatibility, the expand/contract steps. */
  readonly advice: string;
  readonly examples: Partial<Record<DialectFamily, RuleExample>>;
  check(context: RuleContext): readonly RuleHit[];
}

export const allDialects: readonly Dialect[] = ["mysql", "mariadb", "postgres"];
export const mysqlDialects: readonly Dialect[] = ["mysql", "mariadb"];
export const postgresOnly: readonly Dialect[] = ["postgres"];

/** The ALTER TABLE actions of one kind in the statement, with the table they change. */
export function actionsOf<K extends AlterAction["kind"]>(
  change: Change,
  kind: K,
): { table: string; action: Extract<AlterAction, { kind: K }> }[] {
  if (change.kind !== "alter-table") return [];
  return change.actions
    .filter((action): action is Extract<AlterAction, { kind: K }> => action.kind === kind)
    .map((action) => ({ table: change.table, action }));
}

/** The table a statement changes in place (ALTER TABLE, CREATE INDEX), or undefined. */
export function changedTable(change: Change): string | undefined {
  if (change.kind === "alter-table" || change.kind === "create-index") return change.table;
  return undefined;
}

/** True when nobody can be reading the table yet: it was created earlier in this file. */
export function isNewTable(context: RuleContext, table: string): boolean {
  return context.file.createdHere.has(normalizeName(table));
}

export function normalizeName(name: string): string {
  return name.replace(/[`"]/g, "").toLowerCase();
}

export function hit(message: string): RuleHit {
  return { message };
}
