import type { ServiceRef } from "@switchboard/proxy";

/** Name of the HAProxy backend that holds one pool's servers. */
export function backendName(service: ServiceRef, pool: string): string {
  return `sb.${service.environment}.${service.name}.${pool}`;
}

/** Prefix of a service's pool backends; the routing action appends the chosen pool. */
export function backendPrefix(service: ServiceRef): string {
  return `sb.${service.environment}.${service.name}.`;
}

/** Name of the server for the `index`-th backend address of a pool. */
export function serverName(index: number): string {
  return `s${index + 1}`;
}

/** File name of a service's routing map (one key, `state`, whose value is the encoded routing state). */
export function mapFileName(service: ServiceRef): string {
  return `${service.environment}.${service.name}.map`;
}

/** Key of the routing state in the map. */
export const STATE_KEY = "state";
