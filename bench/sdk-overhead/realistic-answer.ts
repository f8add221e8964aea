import pg from "pg";
import type { Answer } from "./sdk-scenario.js";

/** The local PostgreSQL the realistic handler queries (trust auth, as on the bench machine). */
const DATABASE_URL = process.env["BENCH_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

// A product page's worth of JSON: 20 KB once serialised, built once so every request serialises the same answer.
const PRODUCT = {
  id: 42,
  name: "Walnut desk",
  reviews: Array.from({ length: 120 }, (_, n) => ({
    id: n,
    author: `reviewer-${n}`,
    stars: (n % 5) + 1,
    text: "Sturdy, easy to assemble, and the finish holds up after a year of daily use at home.",
    helpful: n * 3,
    verified: n % 2 === 0,
  })),
};

/** An answer that awaits one query on PostgreSQL and serialises a 20 KB JSON body, as a typical read endpoint does. */
export function realisticAnswer(): { answer: Answer; close: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
  const answer: Answer = async (path) => {
    const { rows } = await pool.query<{ stock: number }>("SELECT $1::int AS stock", [path?.length ?? 0]);
    return JSON.stringify({ ...PRODUCT, stock: rows[0]?.stock ?? 0 });
  };
  return { answer, close: () => pool.end() };
}
