import { CliError, usageError } from "../cli-error.js";

/** Connection options every `switchboard traffic` subcommand takes. */
export interface ApiOptions {
  url?: string;
  token?: string;
  env: string;
  service: string;
  reason?: string;
}

/** Calls the control API for one service; errors of the API become CLI errors carrying its message and paths. */
export async function callTrafficApi(
  options: ApiOptions,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const base = options.url ?? process.env["SWITCHBOARD_URL"] ?? "http://localhost:4242";
  const token = options.token ?? process.env["SWITCHBOARD_TOKEN"];
  if (token === undefined || token === "") throw usageError("give --token or set SWITCHBOARD_TOKEN");
  const service = `${encodeURIComponent(options.env)}/${encodeURIComponent(options.service)}`;
  const url = `${base.replace(/\/$/, "")}/api/v1/traffic/services/${service}${path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (options.reason !== undefined) headers["x-change-reason"] = encodeURIComponent(options.reason);
  let response: Response;
  try {
    response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    throw new CliError("FAILURE", `cannot reach ${base}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new CliError(response.status === 400 ? "INVALID_INPUT" : "FAILURE", apiMessage(response.status, json));
  return json;
}

function apiMessage(status: number, json: Record<string, unknown>): string {
  const error = json["error"] as { message?: string; details?: { path: string; message: string }[] } | undefined;
  const details = (error?.details ?? []).map((d) => `\n  ${d.path || "(body)"}: ${d.message}`).join("");
  return `${status} ${error?.message ?? "request failed"}${details}`;
}

/** Parses `a=90,b=10` into `{ a: 90, b: 10 }`. */
export function parseWeights(text: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of text.split(",")) {
    const [pool, percent] = part.split("=");
    if (pool === undefined || percent === undefined || !Number.isFinite(Number(percent))) {
      throw usageError(`--weights takes pool=percent pairs, e.g. a=90,b=10 (got "${part}")`);
    }
    weights[pool.trim()] = Number(percent);
  }
  return weights;
}

/** Parses `1@60,5@300,100` (percent@pauseSeconds) into ramp plan steps. */
export function parseSteps(text: string): { percent: number; pauseSeconds?: number }[] {
  return text.split(",").map((part) => {
    const [percent, pause] = part.split("@");
    const step = { percent: Number(percent), ...(pause === undefined ? {} : { pauseSeconds: Number(pause) }) };
    if (!Number.isFinite(step.percent) || (pause !== undefined && !Number.isFinite(step.pauseSeconds))) {
      throw usageError(`--steps takes percent@pauseSeconds, e.g. 1@60,5@300,100 (got "${part}")`);
    }
    return step;
  });
}
