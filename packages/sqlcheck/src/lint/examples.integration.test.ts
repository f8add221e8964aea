import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { familyOf } from "../model/dialect.js";
import { rules } from "../rules/catalogue.js";
import type { RuleExample } from "../rules/rule.js";
import { splitStatements } from "../split/split-statements.js";

// Every rule's "instead" example must be SQL a real server accepts: applied after its setup on PostgreSQL and
// MariaDB, each example in a schema (PostgreSQL) or database (MariaDB) of its own, statement by statement as a
// migration tool sends them (CONCURRENTLY cannot run inside a multi-statement implicit transaction).

const suffix = `${process.pid}_${Date.now().toString(36)}`;
const pgDatabase = `sqlcheck_examples_${suffix}`;
const statementsOf = (sql: string, family: "postgres" | "mysql") =>
  splitStatements(sql, family).statements.map((s) => s.text);

const examplesFor = (family: "postgres" | "mysql") =>
  rules.flatMap((rule, index) => {
    const example: RuleExample | undefined = rule.examples[family];
    return example ? [{ id: rule.id, index, example }] : [];
  });

describe("good examples apply on PostgreSQL", () => {
  let admin: pg.Client;
  let client: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pgDatabase}`);
    client = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: pgDatabase });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    await admin?.end();
  });

  test.each(examplesFor("postgres"))("$id", async ({ index, example }) => {
    const schema = `example_${index}`;
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    for (const statement of statementsOf(example.setup ?? "", "postgres")) await client.query(statement);
    for (const statement of statementsOf(example.good, "postgres")) await client.query(statement);
    await client.query("RESET lock_timeout");
  });
});

describe("good examples apply on MariaDB", () => {
  let connection: mysql.Connection;
  const databases: string[] = [];
  beforeAll(async () => {
    connection = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  });
  afterAll(async () => {
    for (const database of databases) await connection?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection?.end();
  });

  test.each(examplesFor("mysql"))("$id", async ({ index, example }) => {
    const database = `sqlcheck_${suffix}_${index}`;
    databases.push(database);
    await connection.query(`CREATE DATABASE \`${database}\``);
    await connection.query(`USE \`${database}\``);
    for (const statement of statementsOf(example.setup ?? "", familyOf("mariadb"))) await connection.query(statement);
    for (const statement of statementsOf(example.good, familyOf("mariadb"))) await connection.query(statement);
  });

  test("the server really is MariaDB", async () => {
    const [rows] = await connection.query("SELECT VERSION() AS version");
    expect(String((rows as { version: string }[])[0]?.version)).toMatch(/MariaDB/);
  });
});
