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

  test("a psql meta-command line is not part of the next statement, and is kept apart with its line", () => {
    // The first line of every PostgreSQL contrib extension script: no `;`, so it used to swallow the next statement.
    const sql =
      '-- complain if sourced in psql\n\\echo Use "CREATE EXTENSION cube" to load this file. \\quit\n\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;';
    const result = splitStatements(sql, "postgres");
    expect(result.statements.map((s) => [s.text, s.line])).toEqual([
      ["CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql", 4],
    ]);
    expect(result.metaCommands).toEqual([
      expect.objectContaining({ commands: ["\\echo", "\\quit"], line: 2, column: 1 }),
    ]);
  });

  test("psql: quoted arguments hide backslashes, \\g sends the buffer, \\\\ goes back to SQL", () => {
    const sql =
      "\\echo '\\quit is not a command here'\nSELECT 1 AS a \\gset\n\\timing on \\\\ SELECT 2;\nSELECT 3\n\\set x 1\n, 4;";
    const result = splitStatements(sql, "postgres");
    expect(result.statements.map((s) => s.text.replace(/\s+/g, " ").trim())).toEqual([
      "SELECT 1 AS a",
      "SELECT 2",
      "SELECT 3 , 4",
    ]);
    expect(result.metaCommands.map((m) => m.commands)).toEqual([["\\echo"], ["\\gset"], ["\\timing"], ["\\set"]]);
    // A meta-command inside a statement is blanked, so offsets into the statement still match the file.
    const third = result.statements[2];
    expect(
      sql.slice(third?.offset, (third?.offset ?? 0) + (third?.text.length ?? 0)).startsWith("SELECT 3\n\\set"),
    ).toBe(true);
    expect(third?.text.length).toBe(sql.indexOf(";", third?.offset) - (third?.offset ?? 0));
  });

  test("MySQL: a line starting with `--` before a statement is a comment even without a space (as the client reads it)", () => {
    const sql = "--- Fill the table\n--- with defaults\nINSERT INTO t VALUES (1);\nSELECT 5 --1;";
    expect(texts(sql, "mysql")).toEqual(["INSERT INTO t VALUES (1)", "SELECT 5 --1"]);
  });

  test("MariaDB: IF … END IF and BEGIN NOT ATOMIC at the top of a script are one statement without DELIMITER", () => {
    const sql =
      "IF @socket IS NOT NULL THEN\n  IF NOT EXISTS(SELECT 1 FROM plugins) THEN\n INSTALL SONAME 'auth_socket'; END IF; END IF;\nBEGIN NOT ATOMIC DECLARE x INT; SET x = 1; END;\nlbl: LOOP LEAVE lbl; END LOOP;\nBEGIN;\nSELECT IF(1, 2, 3);";
    expect(texts(sql, "mysql").map((t) => t.split(/\s+/).slice(0, 3).join(" "))).toEqual([
      "IF @socket IS",
      "BEGIN NOT ATOMIC",
      "lbl: LOOP LEAVE",
      "BEGIN",
      "SELECT IF(1, 2,",
    ]);
  });

  test("the data rows of COPY … FROM STDIN (pg_dump's format) are skipped up to the `\\.` line", () => {
    const sql = "COPY public.t (a, b) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\n\nSELECT 1;";
    const result = splitStatements(sql, "postgres");
    expect(result.statements.map((s) => [s.text, s.line])).toEqual([
      ["COPY public.t (a, b) FROM stdin", 1],
      ["SELECT 1", 6],
    ]);
    expect(result.metaCommands).toEqual([]);
    expect(texts("COPY t FROM '/tmp/t.csv'; SELECT 2;", "postgres")).toHaveLength(2);
  });
});
