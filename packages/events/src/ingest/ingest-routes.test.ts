import { AppError } from "@switchboard/core";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import type { EnvironmentDirectory } from "../ports/environment-directory.js";
import type { IngestAuthenticator, IngestPrincipal } from "../ports/ingest-authenticator.js";
import { sampleEvent, sampleExposure } from "../store/event-store.contract.js";
import { FakeEventStore } from "../store/fake-event-store.js";
import { ingestRoutes } from "./ingest-routes.js";

// The package's own ports, filled by hand: a table of secrets and two environments, one archived.
const PRINCIPALS: Readonly<Record<string, IngestPrincipal>> = {
  "sdk-prod": { kind: "server-sdk", environment: "production" },
  admin: { kind: "admin", environment: null },
};
const auth: IngestAuthenticator = {
  async authenticate(secret) {
    const principal = PRINCIPALS[secret];
    if (principal === undefined) throw new AppError("UNAUTHENTICATED", "Unknown key.");
    return principal;
  },
};
const environments: EnvironmentDirectory = {
  isOpen: async (name) => name === "production",
  names: async () => ["production", "retired"],
};

// The status of an AppError, as the host's error handler would answer it (the host owns that table).
function answerAppErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) =>
    error instanceof AppError
      ? reply.status(error.code === "NOT_FOUND" ? 404 : 400).send({ code: error.code, message: error.message })
      : reply.status(500).send({ message: String(error) }),
  );
}

describe("ingest routes over the package's ports, without the server", () => {
  let app: FastifyInstance;
  afterEach(async () => app.close());

  async function start(events: FakeEventStore): Promise<FastifyInstance> {
    app = Fastify();
    answerAppErrors(app);
    await app.register(ingestRoutes, { auth, environments, events, clock: { now: () => new Date() } });
    return app;
  }

  it("stores a batch sent with an SDK key in the key's environment", async () => {
    const events = new FakeEventStore();
    const response = await (await start(events)).inject({
      method: "POST",
      url: "/api/v1/events",
      headers: { authorization: "Bearer sdk-prod", "content-type": "application/json", "idempotency-key": "b1" },
      payload: JSON.stringify([sampleEvent("e1"), sampleExposure("x1")]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ batchId: "b1", stored: 2, duplicate: false, rejected: [] });
    expect(await events.stats()).toMatchObject({ events: 1, exposures: 1, eventsByEnvironment: { production: 1 } });
  });

  it("asks the environment directory before an admin token's batch is read, naming the known environments", async () => {
    const response = await (await start(new FakeEventStore())).inject({
      method: "POST",
      url: "/api/v1/events?environment=retired",
      headers: { authorization: "Bearer admin", "content-type": "application/json" },
      payload: JSON.stringify([sampleEvent("e1")]),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('Environment "retired" does not exist (known: production, retired).');
  });
});
