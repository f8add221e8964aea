import type { SqlStatement } from "../store/event-store.js";
import { type CompiledQuery, type CompileOptions, compileAggregate } from "./compile-aggregate.js";
import { compileBubbleUp } from "./compile-bubbleup.js";
import { compileEvents } from "./compile-events.js";
import { compileFieldKeys } from "./compile-field-keys.js";
import { compileMessagesDiff, compileNewMessages } from "./compile-messages.js";
import type { Dialect } from "./dialects/dialect.js";
import { renderSql } from "./render-sql.js";
import type { ResolvedQuery } from "./resolved-query.js";

/** A validated query as one parameterised statement of the dialect, with its result column names. */
export interface CompiledStatement {
  statement: SqlStatement;
  columns: string[];
  /** The rows end with the largest weight the statement saw: see `CompiledQuery.unsampledGuard`. */
  unsampledGuard?: true;
}

/** Compiles a validated query to one parameterised statement: user input only ever travels as parameters. */
export function compileQuery(query: ResolvedQuery, dialect: Dialect, options: CompileOptions = {}): CompiledStatement {
  const { fragment, columns, unsampledGuard } = compileFragment(query, dialect, options);
  const statement = renderSql(fragment, dialect);
  return unsampledGuard ? { statement, columns, unsampledGuard } : { statement, columns };
}

function compileFragment(query: ResolvedQuery, dialect: Dialect, options: CompileOptions): CompiledQuery {
  switch (query.kind) {
    case "aggregate":
      return compileAggregate(query, dialect, options);
    case "events":
      return compileEvents(query, dialect);
    case "messages-diff":
      return compileMessagesDiff(query, dialect);
    case "new-messages":
      return compileNewMessages(query, dialect);
    case "bubbleup":
      return compileBubbleUp(query, dialect);
    case "field-keys":
      return compileFieldKeys(query, dialect);
  }
}
