import { type ApiClient, ApiError, createApiClient } from "@switchboard/core";
import { CliError, usageError } from "../cli-error.js";
import { readCliConfig } from "./cli-config.js";

/** Where and as whom a command reaches the server (`--url`, `--token`, else the environment, else the config file). */
export interface Connection {
  url?: string;
  token?: string;
}

/** How a command words its failures: the token hint, the field name of a body-level problem, the fallback. */
export interface CallWording {
  tokenHint: string;
  bodyPath: string;
  failed: string;
}

/**
 * Runs `call` against the control API; a missing token is a usage error, an unreachable server a failure, and an
 * error answer a CLI error carrying its status, message and the path of each problem (a 400 is invalid input).
 */
export async function callApi<T>(
  connection: Connection,
  wording: CallWording,
  call: (api: ApiClient) => Promise<T>,
): Promise<T> {
  const fromEnv = { url: process.env["SWITCHBOARD_URL"], token: process.env["SWITCHBOARD_TOKEN"] };
  // The file is read only when a flag or the environment leaves something open.
  const file = (connection.url ?? fromEnv.url) && (connection.token ?? fromEnv.token) ? {} : readCliConfig();
  const base = connection.url ?? fromEnv.url ?? file.url ?? "http://localhost:4242";
  const token = connection.token ?? fromEnv.token ?? file.token;
  if (token === undefined || token === "") throw usageError(wording.tokenHint);
  try {
    return await call(createApiClient({ baseUrl: base, token, fetch: (url, init) => fetch(url, init) }));
  } catch (error) {
    if (error instanceof ApiError) throw cliErrorOf(error, wording);
    throw new CliError("FAILURE", `cannot reach ${base}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function cliErrorOf(error: ApiError, wording: CallWording): CliError {
  const details = error.details.map((d) => `\n  ${d.path || wording.bodyPath}: ${d.message}`).join("");
  const message = `${error.status} ${error.fields === undefined ? wording.failed : error.message}${details}`;
  return new CliError(error.status === 400 ? "INVALID_INPUT" : "FAILURE", message);
}
