import type { BackendStatus, PoolStatus } from "@switchboard/proxy";

/** Rows of `show stat` (CSV with a `# pxname,svname,…` header) as objects keyed by column name. */
export function parseShowStat(csv: string): Record<string, string>[] {
  const [header, ...rows] = csv.split("\n").filter((line) => line.trim() !== "");
  if (header === undefined || !header.startsWith("# ")) return [];
  const columns = header.slice(2).split(",");
  return rows.map((row) => {
    const cells = row.split(",");
    return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? ""]));
  });
}

function backendState(status: string | undefined): BackendStatus["state"] {
  if (status === undefined) return "unknown";
  if (status.startsWith("UP") || status === "no check") return "up";
  if (status.startsWith("DOWN") || status.startsWith("NOLB")) return "down";
  if (status.startsWith("DRAIN")) return "drain";
  if (status.startsWith("MAINT")) return "maint";
  return "unknown";
}

const num = (value: string | undefined): number | null =>
  value === undefined || value === "" ? null : Number.isFinite(Number(value)) ? Number(value) : null;

/** Pool figures from `show stat` rows of backends named `prefix + pool`, in the order HAProxy lists them. */
export function poolStatuses(rows: readonly Record<string, string>[], prefix: string): PoolStatus[] {
  const pools: PoolStatus[] = [];
  for (const row of rows) {
    const proxy = row["pxname"] ?? "";
    if (!proxy.startsWith(prefix) || row["svname"] !== "BACKEND") continue;
    const servers = rows.filter(
      (r) => r["pxname"] === proxy && r["svname"] !== "BACKEND" && r["svname"] !== "FRONTEND",
    );
    const backends = servers.map((s) => ({
      address: s["addr"] ?? s["svname"] ?? "",
      state: backendState(s["status"]),
    }));
    const requests = num(row["req_tot"]) ?? num(row["stot"]);
    const errors = num(row["hrsp_5xx"]);
    pools.push({
      pool: proxy.slice(prefix.length),
      healthy: backends.some((b) => b.state === "up" || b.state === "drain"),
      backends,
      requestRate: num(row["req_rate"]) ?? num(row["rate"]),
      requestsTotal: requests,
      errorsTotal: errors,
      errorRate: requests !== null && errors !== null && requests > 0 ? errors / requests : null,
      latencyMs: num(row["rtime"]),
    });
  }
  return pools;
}
