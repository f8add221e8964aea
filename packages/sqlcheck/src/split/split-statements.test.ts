import { describe, expect, test } from "vitest";
import { splitStatements } from "./split-statements.js";

const texts = (sql: string, family: "mysql" | "postgres") => splitStatements(sql, family).statements.map((s) => s.text);

describe("splitStatements", () => {
  test("semicolons inside quotes, identifiers and comments do not end a statement", () => {
    const sql = "INSERT INTO t VALUES ('a;b', \"c;d\");\n-- a; comment\nSELECT `x;y` FROM t /* ; */;";
    expect(texts(sql, "mysql")).toEqual(["INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT `x;y` FROM t /* ; */"]);
  });

  test("MySQL backslash escapes and doubled quotes stay inside the string", () => {
    expect(texts("SELECT 'it\\'s; ok', 'a''b;'; SELECT 2", "mysql")).toHaveLength(2);
  });

  test("PostgreSQL dollar quoting keeps a function body whole", () => {
    const sql =
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\nSELECT $$;$$;";
    expect(texts(sql, "postgres")).toEqual([
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql",
      "SELECT $$;$$",
    ]);
  });

  test("DELIMITER changes what ends a statement and is not itself a statement", () => {
    const sql = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nDELIMITER ;\nSELECT 3;";
    expect(texts(sql, "mysql")).toEqual(["CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "SELECT 3"]);
  });

  test("a trigger's BEGIN … END body without DELIMITER stays one statement", () => {
    const sql =
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a IS NULL THEN SET NEW.a = 1; END IF; SET NEW.b = 2; END;\nSELECT 1;";
    expect(texts(sql, "mysql")).toHaveLength(2);
  });

  test("statements carry line and column; comments are collected with their line", () => {
    const result = splitStatements("-- switchboard-ignore drop-table: gone\n  DROP TABLE t;\n\nSELECT 1;", "postgres");
    expect(result.statements.map((s) => [s.line, s.column])).toEqual([
      [2, 3],
      [4, 1],
    ]);
    expect(result.comments[0]).toMatchObject({ line: 1, text: "switchboard-ignore drop-table: gone" });
  });

  test("MySQL versioned comments are code; a file of only comments has no statements", () => {
    expect(texts("/*!40101 SET NAMES utf8mb4 */;", "mysql")[0]?.trim()).toBe("SET NAMES utf8mb4");
    expect(texts("-- nothing\n/* at all */\n", "postgres")).toEqual([]);
    expect(texts("", "mysql")).toEqual([]);
  });

  test("an unterminated quote ends at the end of the file instead of failing", () => {
    expect(texts("SELECT 'open", "postgres")).toEqual(["SELECT 'open"]);
  });
});
