// The failed-authentication reproduction (D2): 100 bad tokens from one address, then valid tokens from it; then
// 50 addresses guessing at once. Run: npx tsx bench/auth/auth-lockout.ts
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SERVER_CONFIG } from "../../packages/server/src/config/parse-server-config.js";
import { startServer } from "../../packages/server/src/start-server.js";
import { type BenchAnswer, call, countStatuses } from "./bench-http.js";

const ADMIN = `sb_admin_${randomBytes(32).toString("base64url")}`;
const guess = (kind: string) => `${kind}${randomBytes(24).toString("base64url")}`;
const print = (figure: Record<string, unknown>) => console.log(JSON.stringify({ bench: "auth.lockout", ...figure }));

const dataDir = await mkdtemp(join(tmpdir(), "sb-bench-auth-"));
const server = await startServer({ ...DEFAULT_SERVER_CONFIG, host: "127.0.0.1", port: 0, dataDir, adminToken: ADMIN });
try {
  const base = server.url;
  const key = JSON.parse(
    (
      await call(base, "POST", "/api/v1/tokens", ADMIN, {
        body: { kind: "server-sdk", name: "b", environment: "production" },
      })
    ).body,
  ) as { secret: string };
  const bad: BenchAnswer[] = [];
  for (let i = 0; i < 100; i++) bad.push(await call(base, "GET", "/api/v1/flags", guess("sb_pat_")));
  print({ metric: "bad_tokens_one_address", statuses: countStatuses(bad) });
  const admin = await call(base, "GET", "/api/v1/flags", ADMIN);
  const event = [{ type: "event", id: "lockout-1", ts: new Date().toISOString(), name: "x" }];
  const ingest = await call(base, "POST", "/api/v1/events", key.secret, { body: event });
  const flag = { key: "lockout-flag", type: "boolean", defaultVariation: "off", description: "d", owner: "o" };
  await call(base, "POST", "/api/v1/flags", ADMIN, { localAddress: "127.0.0.2", body: flag });
  const payload = await call(base, "GET", "/api/v1/sdk/payload", key.secret);
  print({ metric: "valid_after_bad", admin: admin.status, ingest: ingest.status, sdk_payload: payload.status });

  const started = performance.now();
  const perAddress = await Promise.all(
    Array.from({ length: 50 }, async (_, a) => {
      const answers: BenchAnswer[] = [];
      for (let i = 0; i < 19; i++) {
        answers.push(await call(base, "GET", "/api/v1/flags", guess("sb_pat_"), { localAddress: `127.0.1.${a + 10}` }));
      }
      return answers;
    }),
  );
  const ms = Math.round(performance.now() - started);
  const all = perAddress.flat();
  print({
    metric: "distributed_guesses",
    guesses: all.length,
    ms,
    per_s: Math.round((all.length * 1000) / ms),
    statuses: countStatuses(all),
  });
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
