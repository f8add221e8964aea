import { type Static, Type } from "@sinclair/typebox";
import type { ServiceRef } from "@switchboard/proxy";
import { loadService, specOf } from "../service/service-documents.js";
import type { TrafficService } from "../service/traffic-service.js";
import { type HaproxyConfigFiles, haproxyConfig } from "./haproxy-config.js";

/** Query of `GET …/haproxy-config`; defaults follow the service's HAProxy data plane when it has one. */
export const HaproxyConfigQuerySchema = Type.Object(
  {
    bind: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9.:*\\[\\]-]+:[0-9]{1,5}$", description: "host:port" })),
    runtimeApi: Type.Optional(Type.String({ minLength: 1 })),
    mapDir: Type.Optional(Type.String({ pattern: "^/" })),
  },
  { additionalProperties: false },
);

/** A `GET …/haproxy-config` query, as checked at the edge. */
export type HaproxyConfigQuery = Static<typeof HaproxyConfigQuerySchema>;

/** The starting HAProxy configuration of a service in its current routing state. */
export async function haproxyConfigOf(
  traffic: TrafficService,
  ref: ServiceRef,
  options: HaproxyConfigQuery,
): Promise<HaproxyConfigFiles> {
  const { body } = await loadService(traffic.deps.store, ref);
  const plane = body.dataPlane.kind === "haproxy" ? body.dataPlane : undefined;
  return haproxyConfig(specOf(body, traffic.deps.previewKey), body.routing, {
    bind: options.bind ?? "0.0.0.0:80",
    runtimeApi: options.runtimeApi ?? plane?.runtimeApi ?? "/run/haproxy/switchboard.sock",
    mapDir: options.mapDir ?? plane?.mapDir ?? "/etc/haproxy/switchboard",
  });
}
