import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Where `vite build` writes the dashboard, relative to this file in `src/` and in `dist/` alike. */
const DEFAULT_ROOT = fileURLToPath(new URL("../../../dashboard/dist/", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

// Paths that belong to the API and the SDK endpoints never fall back to the dashboard page.
const NOT_DASHBOARD = /^\/(api|ofrep|healthz|readyz)(\/|$)/;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchboard</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>Switchboard is running</h1>
<p>The API answers under <a href="/api/v1/openapi.json"><code>/api/v1</code></a>, but the dashboard has not been built.</p>
<p>Build it from the repository root with <code>npm run build</code>, then reload this page.</p>
</body></html>`;

/**
 * Serves the built dashboard at `/`: hashed assets cached for a year, `index.html` revalidated on every load,
 * and the page itself for any other path a browser navigates to (the dashboard routes on the client).
 */
export function registerDashboard(app: FastifyInstance, root: string = DEFAULT_ROOT): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent((request.url.split("?")[0] ?? "/").replace(/^\/+/, "/"));
    if (NOT_DASHBOARD.test(path)) return reply.callNotFound();
    const file = await fileUnder(root, path);
    if (file !== null) return sendFile(reply, file, path.startsWith("/assets/"));
    // Unknown paths are dashboard routes only for a browser asking for a page; others get the usual 404.
    const wantsPage = path === "/" || (request.headers.accept ?? "").includes("text/html");
    if (!wantsPage || extname(path) !== "") return reply.callNotFound();
    const index = await fileUnder(root, "/index.html");
    if (index === null)
      return reply.status(200).type("text/html; charset=utf-8").header("cache-control", "no-cache").send(NOT_BUILT);
    return sendFile(reply, index, false);
  };
  app.get("/", serve);
  app.get("/*", serve);
}

async function fileUnder(root: string, path: string): Promise<string | null> {
  const full = normalize(join(root, path));
  if (!full.startsWith(normalize(root).replace(new RegExp(`\\${sep}?$`), sep))) return null;
  try {
    return (await stat(full)).isFile() ? full : null;
  } catch {
    return null;
  }
}

async function sendFile(reply: FastifyReply, file: string, immutable: boolean): Promise<FastifyReply> {
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? "application/octet-stream";
  const cache = immutable ? "public, max-age=31536000, immutable" : "no-cache";
  return reply.status(200).type(type).header("cache-control", cache).send(body);
}
