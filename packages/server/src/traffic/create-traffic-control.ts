import { randomBytes } from "node:crypto";
import type { TrafficBackend, TrafficServiceDocument } from "@switchboard/proxy";
import type { Clock, ReasonPolicy } from "../kernel/index.js";
import type { ChangeLog, CommitFeed, DocumentStore } from "../store/index.js";
import { DataPlaneWatch } from "./builtin/data-plane-watch.js";
import { ReportedStats, ReportingProxiesBackend } from "./builtin/reported-stats.js";
import { HaproxyTrafficBackend } from "./haproxy/haproxy-traffic-backend.js";
import { RampRunner } from "./ramp/ramp-runner.js";
import { type BackendResolver, serviceKey } from "./service/service-documents.js";
import { TrafficService } from "./service/traffic-service.js";

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
  /** Long-poll waits of built-in proxies for routing changes. */
  dataPlanes: DataPlaneWatch;
  /** Figures reported by remote built-in proxies. */
  reports: ReportedStats;
  /** Ends waits held open for proxies, so the HTTP server can stop without waiting for them to time out. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A resolver that reaches each HAProxy named by a service's data plane (one client per Runtime API address) and
 * reads the figures remote built-in proxies report.
 */
function dataPlaneResolver(reports: ReportedStats): BackendResolver & { close(): Promise<void> } {
  const haproxies = new Map<string, TrafficBackend>();
  const builtin = new ReportingProxiesBackend(reports);
  const resolve = (doc: TrafficServiceDocument): TrafficBackend | null => {
    const plane = doc.dataPlane;
    if (plane.kind === "builtin") return builtin;
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
  deps: { store: DocumentStore & ChangeLog & CommitFeed; clock: Clock; config: ReasonPolicy },
  options: TrafficOptions = {},
): TrafficControl {
  const reports = new ReportedStats();
  const resolver = dataPlaneResolver(reports);
  const dataPlanes = new DataPlaneWatch(deps.store);
  const traffic = new TrafficService({
    store: deps.store,
    clock: deps.clock,
    config: deps.config,
    backendFor: options.backendFor ?? resolver,
    previewKey: options.previewKey ?? randomBytes(32).toString("hex"),
    onWritten: (doc) => dataPlanes.written(serviceKey(doc.body), doc),
  });
  const ramps = new RampRunner(traffic, {
    ...(options.rampTickMs === undefined ? {} : { tickMs: options.rampTickMs }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  ramps.start();
  return {
    traffic,
    ramps,
    dataPlanes,
    reports,
    release: () => dataPlanes.release(),
    close: async () => {
      dataPlanes.release();
      await ramps.close();
      await resolver.close();
    },
  };
}
