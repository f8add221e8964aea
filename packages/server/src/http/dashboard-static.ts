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

/**
 * The dashboard loads only its own bundled script and stylesheet and talks only to its own origin; React and uPlot
 * set styles through the DOM, which `style-src 'self'` allows. No framing, no plugins, no referrer to other sites.
 */
const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchboard</title></head>
<body>
<h1>Switchboard is running</h1>
<p>The API answers under <a href="/api/v1/openapi.json"><code>/api/v1</code></a>, but the dashboard has not been built.</p>
<p>In a clone of the repository, build it with <code>npm run build</code> at its root, then reload this page.
The npm packages do not include the dashboard yet.</p>
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
      return reply
        .status(200)
        .headers(DASHBOARD_HEADERS)
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .send(NOT_BUILT);
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
  return reply.status(200).headers(DASHBOARD_HEADERS).type(type).header("cache-control", cache).send(body);
}
