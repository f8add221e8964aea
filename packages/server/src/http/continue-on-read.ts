import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";

/**
 * Answers `Expect: 100-continue` only when a handler starts reading the body. Node otherwise sends 100 Continue at
 * once, so a client uploads a body that is then refused (over the limit, no valid token) and sees a broken pipe
 * instead of the 413 or 401 it would get without `Expect`.
 */
export function continueOnRead(app: FastifyInstance): void {
  app.server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    const onListener = (event: string | symbol): void => {
      if (event !== "data" && event !== "readable") return;
      request.off("newListener", onListener);
      if (!response.headersSent && !response.writableEnded) response.writeContinue();
    };
    request.on("newListener", onListener);
    app.server.emit("request", request, response);
  });
}
