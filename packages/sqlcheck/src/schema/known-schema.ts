import type { Change, ColumnSpec, IndexSpec } from "../model/change.js";

/** What the linter knows of a table it did not see created: from the config file or a `-- switchboard-table` hint. */
export interface TableFacts {
  readonly rows?: number;
  readonly primaryKey?: boolean;
  readonly foreignKeys?: boolean;
  readonly triggers?: boolean;
}

export interface KnownTable {
  readonly name: string;
  readonly columns: Map<string, ColumnSpec>;
  readonly indexes: IndexSpec[];
  foreignKeys: number;
}

const key = (name: string) => name.replace(/[`"]/g, "").toLowerCase();

/**
 * The schema as the statements seen so far in one run built it. Rules that need the old state of a column (was it
 * wider? nullable?) or the table's indexes ask here; a table never seen is unknown, and rules say so.
 */
export class KnownSchema {
  private readonly tables = new Map<string, KnownTable>();

  table(name: string): KnownTable | undefined {
    return this.tables.get(key(name));
  }

  column(table: string, column: string): ColumnSpec | undefined {
    return this.table(table)?.columns.get(key(column));
  }

  /** Applies a statement after the rules have seen it. */
  apply(change: Change): void {
    switch (change.kind) {
      case "create-table":
        this.tables.set(key(change.table), {
          name: change.table,
          columns: new Map(change.columns.map((c) => [key(c.name), c])),
          indexes: [...change.indexes],
          foreignKeys: change.foreignKeys,
        });
        break;
      case "drop-table":
        for (const table of change.tables) this.tables.delete(key(table));
        break;
      case "rename-table":
        for (const { from, to } of change.renames) this.rename(from, to);
        break;
      case "create-index":
        this.table(change.table)?.indexes.push(change.index);
        break;
      case "drop-index":
        for (const table of this.tables.values()) {
          const kept = table.indexes.filter((index) => !index.name || !change.names.map(key).includes(key(index.name)));
          table.indexes.splice(0, table.indexes.length, ...kept);
        }
        break;
      case "alter-table":
        this.alter(change);
        break;
      default:
        break;
    }
  }

  private rename(from: string, to: string): void {
    const table = this.table(from);
    if (!table) return;
    this.tables.delete(key(from));
    this.tables.set(key(to), { ...table, name: to });
  }

  private alter(change: Extract<Change, { kind: "alter-table" }>): void {
    const table = this.table(change.table);
    if (!table) return;
    for (const action of change.actions) {
      switch (action.kind) {
        case "add-column":
          table.columns.set(key(action.column.name), action.column);
          break;
        case "drop-column":
          table.columns.delete(key(action.column));
          break;
        case "rename-column": {
          const column = table.columns.get(key(action.from));
          table.columns.delete(key(action.from));
          if (column) table.columns.set(key(action.to), { ...column, name: action.to });
          break;
        }
        case "redefine-column":
          table.columns.delete(key(action.column));
          table.columns.set(key(action.spec.name), action.spec);
          break;
        case "alter-column-type": {
          const column = table.columns.get(key(action.column));
          if (column) table.columns.set(key(action.column), { ...column, type: action.type });
          break;
        }
        case "set-not-null":
        case "drop-not-null": {
          const column = table.columns.get(key(action.column));
          if (column) table.columns.set(key(action.column), { ...column, notNull: action.kind === "set-not-null" });
          break;
        }
        case "add-index":
          table.indexes.push(action.index);
          break;
        case "drop-index": {
          const kept = table.indexes.filter((index) => !index.name || key(index.name) !== key(action.name));
          table.indexes.splice(0, table.indexes.length, ...kept);
          break;
        }
        case "add-constraint":
          if (action.constraint === "foreign-key") table.foreignKeys++;
          if (action.constraint === "unique" || action.constraint === "primary-key")
            table.indexes.push({
              ...(action.name ? { name: action.name } : {}),
              columns: action.columns,
              unique: true,
              primary: action.constraint === "primary-key",
            });
          break;
        case "rename-table":
          this.rename(change.table, action.to);
          return;
        default:
          break;
      }
    }
  }
}
