import { beforeAll, describe, expect, test } from "vitest";
import { fillExtensionPlaceholders, loadParsers, parseStatement, parseStatements } from "./parse-statement.js";

describe("extension script placeholders", () => {
  beforeAll(() => loadParsers());

  test("@extschema@, @extschema:name@ and @extowner@ become quoted identifiers of the same length", () => {
    const sql = "ALTER FUNCTION @extschema@.f() OWNER TO @extowner@; SELECT @extschema:cube@.g()";
    const filled = fillExtensionPlaceholders(sql);
    expect(filled).toBe('ALTER FUNCTION "extschema".f() OWNER TO "extowner"; SELECT "extschema:cube".g()');
    expect(filled.length).toBe(sql.length);
  });

  test("statements holding them parse, alone and together; operators such as @@ are left alone", () => {
    expect(parseStatement("ALTER LANGUAGE plpgsql OWNER TO @extowner@", "postgres")).toMatchObject({ parsed: true });
    const outcomes = parseStatements(
      ["CREATE FUNCTION @extschema@.f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "SELECT 'a' @@ 'b'"],
      "postgres",
    );
    expect(outcomes.map((o) => o.parsed)).toEqual([true, true]);
  });
});
