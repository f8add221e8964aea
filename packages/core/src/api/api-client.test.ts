import { describe, expect, test } from "vitest";
import { createApiClient, type FetchFunction } from "./api-client.js";
import { ApiError } from "./api-error.js";
import { readErrorBody } from "./error-body.js";

function answering(status: number, text: string, seen: Parameters<FetchFunction>[] = []): FetchFunction {
  return async (...args) => {
    seen.push(args);
    return { ok: status >= 200 && status < 300, status, text: async () => text };
  };
}

describe("createApiClient", () => {
  test("sends the token, the expected version and the encoded reason, and resolves with the JSON answer", async () => {
    const seen: Parameters<FetchFunction>[] = [];
    const api = createApiClient({ baseUrl: "http://h:1/", token: "t0k", fetch: answering(200, '{"a":1}', seen) });
    await expect(api.request("PUT", "/flags/x", { body: { b: 2 }, ifMatch: 3, reason: "why ü" })).resolves.toEqual({
      a: 1,
    });
    const [url, init] = seen[0] ?? [];
    expect(url).toBe("http://h:1/api/v1/flags/x");
    expect(init?.headers).toEqual({
      accept: "application/json",
      authorization: "Bearer t0k",
      "content-type": "application/json",
      "if-match": '"3"',
      "x-change-reason": "why%20%C3%BC",
    });
    expect(init?.body).toBe('{"b":2}');
  });

  test("asks a token function on every call and sends no authorization without a token", async () => {
    const seen: Parameters<FetchFunction>[] = [];
    let token: string | null = null;
    const api = createApiClient({ baseUrl: "", token: () => token, fetch: answering(200, "", seen) });
    await expect(api.me()).resolves.toBeUndefined();
    token = "later";
    await api.query({ kind: "events" });
    expect(seen[0]?.[1].headers["authorization"]).toBeUndefined();
    expect(seen[1]?.[0]).toBe("/api/v1/query");
    expect(seen[1]?.[1].headers["authorization"]).toBe("Bearer later");
  });

  test("throws an ApiError with the server's code, message, details and request id", async () => {
    const body = {
      error: { code: "VALIDATION_FAILED", message: "Bad.", details: [{ path: "/k", message: "m" }], requestId: "r1" },
    };
    const api = createApiClient({ baseUrl: "", fetch: answering(400, JSON.stringify(body)) });
    const error = await api.request("POST", "/flags").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "VALIDATION_FAILED", message: "Bad.", requestId: "r1" });
    expect((error as ApiError).details).toEqual([{ path: "/k", message: "m" }]);
  });

  test("an error answer outside the API's shape names its status", async () => {
    const api = createApiClient({ baseUrl: "", fetch: answering(502, "<html>bad gateway</html>") });
    const error = await api.request("GET", "/me").catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 502,
      code: "UNKNOWN",
      message: "The server answered 502.",
      fields: undefined,
    });
  });
});

describe("readErrorBody", () => {
  test("keeps the extras and drops malformed details", () => {
    const fields = readErrorBody({
      error: { code: "CONFLICT", message: "m", details: [{ path: 1 }], currentVersion: 4 },
    });
    expect(fields).toEqual({ code: "CONFLICT", message: "m", details: [], currentVersion: 4 });
  });

  test("is undefined for anything else", () => {
    expect(readErrorBody({ title: "Bad", detail: "x" })).toBeUndefined();
    expect(readErrorBody({ error: "text" })).toBeUndefined();
    expect(readErrorBody(null)).toBeUndefined();
  });
});
