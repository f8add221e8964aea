import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CliError } from "../cli-error.js";
import { callApi } from "./call-api.js";

const wording = { tokenHint: "give --token", bodyPath: "(body)", failed: "request failed" };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/api/v1/plain") return response.writeHead(502).end("<html>bad gateway</html>");
    response.writeHead(400, { "content-type": "application/json" });
    const details = [
      { path: "", message: "is empty" },
      { path: "pool", message: "is unknown" },
    ];
    response.end(JSON.stringify({ error: { code: "VALIDATION_FAILED", message: "Bad body.", details } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failureOf(path: string): Promise<CliError> {
  const error = await callApi({ url, token: "t" }, wording, (api) => api.request("POST", path, { body: {} })).catch(
    (e: unknown) => e,
  );
  if (!(error instanceof CliError)) throw new Error(`not a CliError: ${String(error)}`);
  return error;
}

describe("callApi", () => {
  test("an error answer becomes invalid input with its status, message and the path of each problem", async () => {
    const error = await failureOf("/flags");
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe("400 Bad body.\n  (body): is empty\n  pool: is unknown");
  });

  test("an answer outside the API's shape is a failure that names its status", async () => {
    const error = await failureOf("/plain");
    expect(error.code).toBe("FAILURE");
    expect(error.message).toBe("502 request failed");
  });

  test("no token is a usage error, an unreachable server a failure", async () => {
    const noToken = await callApi({ url, token: "" }, wording, (api) => api.me()).catch((e: unknown) => e);
    expect(noToken).toMatchObject({ code: "USAGE", message: "give --token" });
    const away = await callApi({ url: "http://127.0.0.1:1", token: "t" }, wording, (api) => api.me()).catch(
      (e: unknown) => e,
    );
    expect(away).toMatchObject({ code: "FAILURE" });
    expect((away as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1: /);
  });
});
