import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlTestApp, type SqlTestApp } from "./testing/create-sql-test-app.js";

/** One control operation of the OpenAPI document. */
interface Operation {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  params: string[];
  query: string[];
  hasBody: boolean;
}

interface NulCase {
  name: string;
  request: InjectOptions;
  /** The detail path the answer must name. */
  field: string;
}

let t: SqlTestApp;
let cases: NulCase[] = [];

beforeAll(async () => {
  t = await createSqlTestApp("pglite");
  const doc = (await t.call(null, { method: "GET", url: "/api/v1/openapi.json" })).json();
  cases = controlOperations(doc).flatMap(nulCases);
}, 60_000);
afterAll(async () => {
  await t.dispose();
});

function controlOperations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!String(operation["description"] ?? "").startsWith("Needs the")) continue;
      const parameters = (operation["parameters"] ?? []) as { name: string; in: string }[];
      operations.push({
        method: method.toUpperCase() as Operation["method"],
        path,
        params: parameters.filter((p) => p.in === "path").map((p) => p.name),
        query: parameters.filter((p) => p.in === "query").map((p) => p.name),
        hasBody: operation["requestBody"] !== undefined,
      });
    }
  }
  return operations;
}

function urlOf(operation: Operation, nulParam?: string): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === nulParam ? "a%00b" : "x"));
}

function nulCases(operation: Operation): NulCase[] {
  const name = (where: string) => `${operation.method} ${operation.path} with NUL in ${where}`;
  const base = { method: operation.method, url: urlOf(operation) };
  const cases: NulCase[] = operation.params.map((param) => ({
    name: name(`path parameter ${param}`),
    request: { method: operation.method, url: urlOf(operation, param) },
    field: `params.${param}`,
  }));
  for (const query of operation.query) {
    cases.push({
      name: name(`query ${query}`),
      request: { ...base, url: `${base.url}?${query}=a%00b` },
      field: `query.${query}`,
    });
  }
  if (operation.hasBody) {
    cases.push(
      { name: name("a body value"), request: { ...base, payload: { description: "a\u0000b" } }, field: "description" },
      {
        name: name("a nested value"),
        request: { ...base, payload: { list: [{ deep: "\u0000" }] } },
        field: "list[0].deep",
      },
      { name: name("a body key"), request: { ...base, payload: { "a\u0000b": 1 } }, field: '["a\\u0000b"]' },
    );
  }
  if (operation.method !== "GET") {
    cases.push({
      name: name("X-Change-Reason"),
      request: { ...base, headers: { "x-change-reason": "why%00not" }, payload: {} },
      field: "headers.x-change-reason",
    });
  }
  return cases;
}

describe("NUL characters in control requests", () => {
  it("D5: every control route answers 400 naming the field for NUL in params, query, body values, keys and X-Change-Reason, writing nothing", async () => {
    expect(cases.length).toBeGreaterThan(100);
    const seqBefore = await t.store.latestSeq();
    const wrong: string[] = [];
    for (const { name, request, field } of cases) {
      const response = await t.call("admin", request);
      const error = response.json().error;
      const named = error?.details?.some((detail: { path: string; message: string }) => detail.path === field);
      if (response.statusCode !== 400 || typeof error?.message !== "string" || !named) {
        wrong.push(`${name}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await t.store.latestSeq()).toBe(seqBefore);
  });
});

describe("lone UTF-16 surrogates in control requests", () => {
  it("D5: every control route with a body answers 400 naming the field for a lone surrogate in a value or key, writing nothing", async () => {
    const bodyCases = cases.filter((c) => c.field === "description" || c.field.startsWith('["a'));
    expect(bodyCases.length).toBeGreaterThan(20);
    const seqBefore = await t.store.latestSeq();
    const wrong: string[] = [];
    for (const { name, request, field } of bodyCases) {
      const inValue = field === "description";
      const payload = inValue ? { description: "a\ud800b" } : { "a\udc00b": 1 };
      const expectedPath = inValue ? "description" : '["a\\udc00b"]';
      const response = await t.call("admin", { ...request, payload });
      const error = response.json().error;
      const named = error?.details?.some((detail: { path: string; message: string }) => detail.path === expectedPath);
      if (response.statusCode !== 400 || !/surrogate/.test(String(error?.message)) || !named) {
        wrong.push(`${name.replace("NUL", "a lone surrogate")}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await t.store.latestSeq()).toBe(seqBefore);
  });
});
