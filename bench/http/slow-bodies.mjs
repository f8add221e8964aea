// Usage: node bench/http/slow-bodies.mjs <label> [extra env as K=V ...]   (D4: bodies that never finish)
// Starts `switchboard serve` under `ulimit -n 256`, opens 300 slow-body connections (Content-Length 1000000,
// one byte every 10 s), and sends one normal GET /api/v1/flags every 2 s for 60 s; prints failures.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [label, ...extra] = process.argv.slice(2);
const token = "sb_admin_slow-bodies-measurement-0123456789";
const env = { ...process.env, SWITCHBOARD_ADMIN_TOKEN: token };
for (const kv of extra) {
  const [k, v] = kv.split("=");
  env[k] = v;
}
const data = mkdtempSync(join(tmpdir(), "sb-d4-"));
const child = spawn(
  "bash",
  [
    "-c",
    `ulimit -n 256 && exec node ${new URL("../../packages/cli/bin/switchboard.js", import.meta.url).pathname} serve --port 0 --host 127.0.0.1 --data ${data}`,
  ],
  { env, stdio: ["ignore", "pipe", "pipe"] },
);
let out = "";
child.stdout.on("data", (c) => (out += c));
child.stderr.on("data", (c) => (out += c));
const url = await new Promise((res, rej) => {
  const t = setInterval(() => {
    const m = /running at (http:\/\/\S+)/.exec(out);
    if (m) {
      clearInterval(t);
      res(m[1]);
    }
  }, 100);
  setTimeout(() => rej(new Error(out)), 60000);
});
const port = Number(new URL(url).port);
const slow = [];
let slowClosed = 0;
for (let i = 0; i < 300; i++) {
  const s = connect({ host: "127.0.0.1", port });
  s.on("error", () => {});
  s.on("close", () => slowClosed++);
  s.write(
    `POST /api/v1/flags HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"key":`,
  );
  slow.push(s);
}
const trickle = setInterval(() => {
  for (const s of slow) if (!s.destroyed) s.write(" ");
}, 10000);
const results = [];
const started = Date.now();
while (Date.now() - started < 60000) {
  await new Promise((r) => setTimeout(r, 2000));
  const t0 = Date.now();
  let ok = false;
  try {
    const r = await fetch(`${url}/api/v1/flags`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(1900),
    });
    ok = r.status === 200;
    await r.text();
  } catch {}
  results.push({ atS: Math.round((t0 - started) / 1000), ok });
}
clearInterval(trickle);
const failed = results.filter((r) => !r.ok);
console.log(
  JSON.stringify({
    label,
    normalRequests: results.length,
    failed: failed.length,
    firstOkAtS: results.find((r) => r.ok)?.atS ?? null,
    slowClosedByServer: slowClosed,
    serverAlive: child.exitCode === null,
  }),
);
for (const s of slow) s.destroy();
child.kill("SIGTERM");
setTimeout(() => process.exit(0), 2000);
