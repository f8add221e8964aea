import { Writable } from "node:stream";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { REQUEST_LOG_SERIALIZERS, redactedUrl } from "./log-redaction.js";

const KEY = "sb_client_secret0123456789";

describe("request log redaction", () => {
  it("replaces SDK keys in the query and in GrowthBook's key paths, and leaves the rest of the URL", () => {
    expect(redactedUrl(`/api/v1/sdk/stream?sdkKey=${KEY}&lastEventId=4`)).toBe(
      "/api/v1/sdk/stream?sdkKey=[redacted]&lastEventId=4",
    );
    expect(redactedUrl(`/api/v1/sdk/stream?lastEventId=4&SDKKEY=${KEY}`)).toBe(
      "/api/v1/sdk/stream?lastEventId=4&SDKKEY=[redacted]",
    );
    expect(redactedUrl(`/sub/${KEY}`)).toBe("/sub/[redacted]");
    expect(redactedUrl(`/api/features/${KEY}?x=1`)).toBe("/api/features/[redacted]?x=1");
    expect(redactedUrl("/api/v1/flags?limit=5")).toBe("/api/v1/flags?limit=5");
  });

  it("keeps the key out of Fastify's request log lines at info level", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // The serializers createHttpApp gives its own logger, at the level that logs every request.
    const app = Fastify({ logger: { level: "info", stream, serializers: REQUEST_LOG_SERIALIZERS } });
    app.get("/api/v1/sdk/stream", async () => "ok");
    await app.inject({ method: "GET", url: `/api/v1/sdk/stream?sdkKey=${KEY}` });
    await app.close();
    const log = lines.join("");
    expect(log).toContain("incoming request");
    expect(log).toContain("sdkKey=[redacted]");
    expect(log).not.toContain(KEY);
  });
});
