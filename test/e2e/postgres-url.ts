/** The PostgreSQL server the tests use (CI guarantees one on 127.0.0.1:5432). */
export const POSTGRES_SERVER_URL =
  process.env["SWITCHBOARD_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
