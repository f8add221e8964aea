import type { SqlStatement } from "../store/event-store.js";
import type { Dialect } from "./dialects/dialect.js";
import type { Fragment } from "./sql-fragment.js";

/** Turns a fragment into the dialect's statement: text with placeholders, and the parameters in the same order. */
export function renderSql(fragment: Fragment, dialect: Dialect): SqlStatement {
  let text = "";
  const params: (string | number)[] = [];
  for (const part of fragment.parts) {
    if (typeof part === "string") {
      text += part;
    } else {
      text += dialect.placeholder(params.length, part.type);
      params.push(part.value);
    }
  }
  return { sql: text, params };
}
