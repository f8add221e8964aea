// Test-only: a loopback server that speaks ClickHouse's HTTP interface over the chDB engine (ClickHouse 26.x
// in-process), so the product's `@clickhouse/client` code talks to it unchanged, exactly as it would to a real
// `clickhouse-server`. No current ClickHouse server binary installs on this machine class; chDB does, from the npm
// registry alone. What this does NOT exercise: TLS, authentication (credentials are accepted unchecked), clusters,
// replication, and the server's own async-insert queue.
//
// Usage: node server.mjs [--port N] [--path DIR]. Prints one JSON line {"port":N,"path":DIR} once listening.
//
// The engine keeps `SET` and `USE` for the rest of its session, while a real server scopes URL settings to one
// request. So each request is run alone (one at a time) and starts by restoring every setting an earlier request
// changed, then applies its own; parameters travel as `SET param_x = '…'`, whose value is the same escaped text form
// the HTTP interface reads from `param_x`.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Session } from "chdb";

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i], process.argv[i + 1]);
const path = args.get("--path") ?? mkdtempSync(join(tmpdir(), "sb-chdb-"));
const session = new Session(path);

// URL parameters that are not settings (the rest are, as on a real server).
const NOT_SETTINGS = new Set([
  "query",
  "query_id",
  "database",
  "session_id",
  "role",
  "default_format",
  "user",
  "password",
]);
// Settings of the HTTP layer alone; the embedded engine does not know them.
const HTTP_ONLY = new Set([
  "wait_end_of_query",
  "send_progress_in_http_headers",
  "http_response_buffer_size",
  "http_headers_progress_interval_ms",
  "http_send_progress_interval_ms",
  "enable_http_compression",
  "http_zlib_compression_level",
  "http_response_compression_method",
  "http_native_compression_disable_checksumming_on_decompress",
  "cancel_http_readonly_queries_on_client_close",
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const touchedSettings = new Set();
const touchedParams = new Set();

function literal(value) {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function statementPrefix(url) {
  const statements = [];
  const settings = new Map();
  const params = new Map();
  for (const [key, value] of url.searchParams) {
    if (key.startsWith("param_")) params.set(key.slice(6), value);
    else if (!NOT_SETTINGS.has(key) && !HTTP_ONLY.has(key)) settings.set(key, value);
  }
  for (const name of [...settings.keys(), ...params.keys()]) {
    if (!NAME.test(name)) throw Object.assign(new Error(`Bad setting or parameter name ${name}`), { code: 115 });
  }
  for (const name of touchedSettings) if (!settings.has(name)) statements.push(`SET ${name} = DEFAULT`);
  for (const name of touchedParams) if (!params.has(name)) statements.push(`SET param_${name} = ''`);
  for (const [name, value] of settings) {
    touchedSettings.add(name);
    statements.push(`SET ${name} = ${literal(value)}`);
  }
  for (const [name, value] of params) {
    touchedParams.add(name);
    statements.push(`SET param_${name} = ${literal(value)}`);
  }
  const database = url.searchParams.get("database") || "default";
  if (!NAME.test(database)) throw Object.assign(new Error(`Bad database name ${database}`), { code: 81 });
  statements.push(`USE ${database}`);
  return statements.join("; ");
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  return request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}

let queue = Promise.resolve();
function serially(work) {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

async function execute(request, url) {
  const body = (await readBody(request)).toString("utf8");
  const inUrl = url.searchParams.get("query");
  // An insert names its statement in the URL and sends the rows as the body; other statements are the body.
  const sql = inUrl === null ? body : `${inUrl}\n${body}`;
  if (sql.trim() === "") throw Object.assign(new Error("Empty query"), { code: 62 });
  const format = url.searchParams.get("default_format") ?? "TabSeparated";
  return serially(async () => {
    const result = await session.queryAsync(`${statementPrefix(url)}; ${sql}`, { format });
    return { bytes: Buffer.from(result.bytes()), rowsRead: result.rowsRead, bytesRead: result.bytesRead };
  });
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/ping") {
    response.end("Ok.\n");
    return;
  }
  const queryId = url.searchParams.get("query_id") ?? crypto.randomUUID();
  execute(request, url).then(
    ({ bytes, rowsRead, bytesRead }) => {
      const summary = { read_rows: String(rowsRead), read_bytes: String(bytesRead), written_rows: "0" };
      const headers = {
        "X-ClickHouse-Query-Id": queryId,
        "X-ClickHouse-Timezone": "UTC",
        "X-ClickHouse-Summary": JSON.stringify(summary),
      };
      const compress =
        url.searchParams.get("enable_http_compression") === "1" &&
        String(request.headers["accept-encoding"] ?? "").includes("gzip");
      response.writeHead(200, compress ? { ...headers, "Content-Encoding": "gzip" } : headers);
      response.end(compress ? gzipSync(bytes) : bytes);
    },
    (error) => {
      const message = error instanceof Error ? error.message : String(error);
      const code = /^Code: (\d+)\./.exec(message)?.[1] ?? String(error?.code ?? 1000);
      const text = message.startsWith("Code:") ? message : `Code: ${code}. DB::Exception: ${message}`;
      response.writeHead(500, { "X-ClickHouse-Exception-Code": code, "X-ClickHouse-Query-Id": queryId });
      response.end(`${text}\n`);
    },
  );
});

function stop() {
  server.close();
  session.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The test process that started this one may die without a signal: stop with it (stdin closes).
process.stdin.on("end", stop);
process.stdin.resume();

server.listen(Number(args.get("--port") ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" ? address?.port : 0, path })}\n`);
});
