import type { FastifyRequest } from "fastify";
import { PayloadService } from "./payload-service.js";
import { SdkAuth, type SdkReader } from "./sdk-auth.js";
import type { SdkServingDeps } from "./sdk-serving-deps.js";
import { StreamHub } from "./stream-hub.js";

/** The SDK-serving parts shared by its routes: cached payloads, key checks and the stream fan-out. */
export interface SdkServing {
  payloads: PayloadService;
  hub: StreamHub;
  sdkAuth: SdkAuth;
  /** The reader of a request's `Authorization: Bearer` secret (admin tokens name `?environment=`). */
  bearerReader(request: FastifyRequest): Promise<SdkReader>;
  /** The same, without waiting, when the secret was checked since the last change; undefined otherwise. */
  cachedBearerReader(request: FastifyRequest): SdkReader | undefined;
  /** Stops listening to the store and ends every stream with a retry hint. */
  close(): void;
}

/** Builds the SDK-serving parts from the app's dependencies. */
export function createSdkServing(deps: SdkServingDeps, log: (error: unknown) => void): SdkServing {
  const payloads = new PayloadService(deps.store, { onError: log });
  const sdkAuth = new SdkAuth(deps.auth);
  const hub = new StreamHub(payloads, {
    heartbeatMs: deps.config.heartbeatSeconds * 1000,
    retryMs: deps.config.streamRetryMs,
    onError: log,
  });
  // Only token changes can make a cached key wrong; authenticators that do not report them are followed on every change.
  // Streams of a revoked key end at once (it reconnects and is refused).
  const stopClearing =
    deps.auth.onTokensChanged?.((changes) => {
      sdkAuth.clear();
      hub.endStreamsOf(changes.revokedIds);
    }) ?? payloads.subscribe(() => sdkAuth.clear());
  return {
    payloads,
    hub,
    sdkAuth,
    bearerReader(request) {
      const secret = sdkAuth.bearerSecret(request.headers.authorization);
      return sdkAuth.reader(secret, request.ip, environmentOf(request));
    },
    cachedBearerReader(request) {
      const header = request.headers.authorization;
      if (header === undefined || !header.startsWith("Bearer ")) return undefined;
      return sdkAuth.cachedReader(header.slice(7), environmentOf(request));
    },
    close() {
      stopClearing();
      hub.closeAll(deps.config.streamRetryMs);
      payloads.close();
    },
  };
}

function environmentOf(request: FastifyRequest): string | undefined {
  const environment = (request.query as { environment?: unknown } | undefined)?.environment;
  return typeof environment === "string" ? environment : undefined;
}
