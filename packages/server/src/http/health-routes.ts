import type { FastifyInstance } from "fastify";
import { AppError, sendAppError } from "../kernel/index.js";
import type { ConfigStore } from "../store/index.js";

/** `/healthz` (the process answers) and `/readyz` (the config store is reachable); neither needs a token. */
export function registerHealthRoutes(app: FastifyInstance, store: Pick<ConfigStore, "ping">): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (request, reply) => {
    try {
      await store.ping();
      return { status: "ready" };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return sendAppError(new AppError("UNAVAILABLE", `The config store is not reachable: ${reason}`), request, reply);
    }
  });
}
