import { randomBytes } from "node:crypto";
import type { ReasonPolicy } from "../activation/write-context.js";
import type { ConfigStore } from "../store/config-store.js";
import type { Clock } from "../time/clock.js";
import { HaproxyTrafficBackend } from "./haproxy/haproxy-traffic-backend.js";
import type { TrafficServiceDocument } from "./model/traffic-model.js";
import { RampRunner } from "./ramp/ramp-runner.js";
import type { BackendResolver } from "./service/service-documents.js";
import { TrafficService } from "./service/traffic-service.js";
import type { TrafficBackend } from "./traffic-backend.js";

/** Options of traffic control the composition root may set; defaults suit tests and a single server. */
export interface TrafficOptions {
  /** Chooses the data plane of a service; by default HAProxy per Runtime API address, none otherwise. */
  backendFor?: BackendResolver;
  /** Key preview secrets are derived from; keep it stable across restarts or issued tokens stop working. */
  previewKey?: string;
  /** Longest wait between two looks for due ramp plan steps (default 1 s). */
  rampTickMs?: number;
  /** Where failures of background work (a ramp step the data plane refused) are reported. */
  onError?: (error: unknown) => void;
}

/** Traffic control of one server: the service, the ramp plan runner, and how to stop them. */
export interface TrafficControl {
  traffic: TrafficService;
  ramps: RampRunner;
  close(): Promise<void>;
}

/** A resolver that reaches each HAProxy named by a service's data plane, one client per Runtime API address. */
export function dataPlaneResolver(): BackendResolver & { close(): Promise<void> } {
  const haproxies = new Map<string, TrafficBackend>();
  const resolve = (doc: TrafficServiceDocument): TrafficBackend | null => {
    const plane = doc.dataPlane;
    if (plane.kind !== "haproxy") return null;
    const key = `${plane.runtimeApi}\n${plane.mapDir}`;
    let backend = haproxies.get(key);
    if (backend === undefined) {
      backend = new HaproxyTrafficBackend({ runtimeApi: plane.runtimeApi, mapDir: plane.mapDir });
      haproxies.set(key, backend);
    }
    return backend;
  };
  return Object.assign(resolve, {
    close: async () => {
      await Promise.all([...haproxies.values()].map((b) => b.close()));
    },
  });
}

/** Builds traffic control over a config store. */
export function createTrafficControl(
  deps: { store: ConfigStore; clock: Clock; config: ReasonPolicy },
  options: TrafficOptions = {},
): TrafficControl {
  const resolver = dataPlaneResolver();
  const traffic = new TrafficService({
    store: deps.store,
    clock: deps.clock,
    config: deps.config,
    backendFor: options.backendFor ?? resolver,
    previewKey: options.previewKey ?? randomBytes(32).toString("hex"),
  });
  const ramps = new RampRunner(traffic, {
    ...(options.rampTickMs === undefined ? {} : { tickMs: options.rampTickMs }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  ramps.start();
  return {
    traffic,
    ramps,
    close: async () => {
      await ramps.close();
      await resolver.close();
    },
  };
}
