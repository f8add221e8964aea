/** The dialect-independent view of a statement that the rules read. Both parsers' trees are mapped onto it. */

export interface DefaultValue {
  readonly text: string;
  /** Evaluated per row (random(), gen_random_uuid(), clock_timestamp(), UUID()): adding it rewrites the table. */
  readonly volatile: boolean;
  readonly isNull: boolean;
}

export interface ColumnSpec {
  readonly name: string;
  /** Lower-case type as written, `varchar(255)`, `bigint unsigned`, `numeric(10,2)`. */
  readonly type: string;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly default?: DefaultValue;
  readonly comment?: string;
  readonly generated: boolean;
  readonly autoIncrement: boolean;
  readonly charset?: string;
  readonly references?: string;
  /** MySQL's FIRST / AFTER: where the column goes. */
  readonly position?: "first" | "after";
}

export interface IndexSpec {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
  readonly fulltext?: boolean;
}

export type ConstraintType = "foreign-key" | "check" | "unique" | "primary-key" | "exclusion" | "not-null";

export type AlterAction =
  | { readonly kind: "add-column"; readonly column: ColumnSpec }
  | { readonly kind: "drop-column"; readonly column: string; readonly ifExists: boolean }
  | { readonly kind: "rename-column"; readonly from: string; readonly to: string }
  /** MySQL's MODIFY / CHANGE: the column is defined again in full. */
  | { readonly kind: "redefine-column"; readonly column: string; readonly spec: ColumnSpec }
  | { readonly kind: "alter-column-type"; readonly column: string; readonly type: string; readonly using: boolean }
  | { readonly kind: "set-not-null"; readonly column: string }
  | { readonly kind: "drop-not-null"; readonly column: string }
  | { readonly kind: "set-default"; readonly column: string; readonly default: DefaultValue }
  | { readonly kind: "drop-default"; readonly column: string }
  | { readonly kind: "add-index"; readonly index: IndexSpec }
  | { readonly kind: "drop-index"; readonly name: string }
  | {
      readonly kind: "add-constraint";
      readonly constraint: ConstraintType;
      readonly name?: string;
      readonly columns: readonly string[];
      readonly notValid: boolean;
      readonly usingIndex: boolean;
    }
  | { readonly kind: "validate-constraint"; readonly name: string }
  | { readonly kind: "drop-constraint"; readonly name: string; readonly constraint?: ConstraintType }
  | { readonly kind: "rename-table"; readonly to: string }
  | { readonly kind: "convert-charset"; readonly charset: string }
  | { readonly kind: "table-option"; readonly name: string; readonly value: string }
  | { readonly kind: "other"; readonly description: string };

export type DataVerb = "insert" | "update" | "delete" | "merge" | "copy";

export type Change =
  | {
      readonly kind: "create-table";
      readonly table: string;
      readonly columns: readonly ColumnSpec[];
      readonly indexes: readonly IndexSpec[];
      readonly foreignKeys: number;
      readonly ifNotExists: boolean;
      readonly temporary: boolean;
      /** CREATE TABLE … LIKE / AS SELECT / PARTITION OF: columns come from elsewhere. */
      readonly derived: boolean;
      readonly charset?: string;
      readonly collation?: string;
      readonly engine?: string;
    }
  | {
      readonly kind: "alter-table";
      readonly table: string;
      readonly actions: readonly AlterAction[];
      readonly algorithm?: string;
      readonly lock?: string;
    }
  | {
      readonly kind: "create-index";
      readonly table: string;
      readonly index: IndexSpec;
      readonly concurrently: boolean;
      readonly ifNotExists: boolean;
    }
  | {
      readonly kind: "drop-index";
      readonly names: readonly string[];
      readonly concurrently: boolean;
      readonly ifExists: boolean;
    }
  | { readonly kind: "drop-table"; readonly tables: readonly string[]; readonly ifExists: boolean }
  | { readonly kind: "rename-table"; readonly renames: readonly { readonly from: string; readonly to: string }[] }
  | {
      readonly kind: "create-view";
      readonly name: string;
      readonly selectStar: boolean;
      readonly materialized: boolean;
    }
  | { readonly kind: "data"; readonly verb: DataVerb; readonly table: string; readonly hasWhere: boolean }
  | { readonly kind: "truncate"; readonly tables: readonly string[] }
  | { readonly kind: "set"; readonly name: string; readonly value: string }
  | { readonly kind: "transaction"; readonly op: "begin" | "commit" | "rollback" }
  | { readonly kind: "alter-enum"; readonly type: string; readonly op: "add-value" | "rename-value" }
  | { readonly kind: "create-enum"; readonly type: string }
  | { readonly kind: "reindex"; readonly concurrently: boolean }
  | { readonly kind: "refresh-materialized-view"; readonly name: string; readonly concurrently: boolean }
  | {
      readonly kind: "drop-object";
      readonly objectType: string;
      readonly names: readonly string[];
      readonly ifExists: boolean;
    }
  | { readonly kind: "select" }
  | { readonly kind: "other"; readonly description: string };

/** The DDL kinds: a schema change that an engine may run outside the migration's transaction. */
export function isDdl(change: Change): boolean {
  return !["data", "set", "transaction", "select", "other"].includes(change.kind);
}

const volatileFunctions = new Set([
  "random",
  "gen_random_uuid",
  "uuid_generate_v4",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "clock_timestamp",
  "timeofday",
  "nextval",
  "uuid",
  "uuid_short",
  "rand",
  "sysdate",
]);

/** Whether a default calls a function evaluated per row; the parsers hand over the names of the functions called. */
export function isVolatileCall(functionNames: readonly string[]): boolean {
  return functionNames.some((name) => volatileFunctions.has(name.toLowerCase()));
}
