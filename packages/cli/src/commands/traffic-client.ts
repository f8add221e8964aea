import { callApi } from "../api/call-api.js";
import { usageError } from "../cli-error.js";

/** Connection options every `switchboard traffic` subcommand takes. */
export interface ApiOptions {
  url?: string;
  token?: string;
  env: string;
  service: string;
  reason?: string;
}

const WORDING = { tokenHint: "give --token or set SWITCHBOARD_TOKEN", bodyPath: "(body)", failed: "request failed" };

/** Calls the control API for one service; errors of the API become CLI errors carrying its message and paths. */
export function callTrafficApi(
  options: ApiOptions,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const service = `${encodeURIComponent(options.env)}/${encodeURIComponent(options.service)}`;
  const call = {
    ...(body === undefined ? {} : { body }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
  return callApi(options, WORDING, (api) =>
    api.request<Record<string, unknown>>(method, `/traffic/services/${service}${path}`, call),
  );
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
