import type {
  RoutingState,
  ServiceRef,
  TrafficBackend,
  TrafficServiceDocument,
  TrafficServiceSpec,
} from "@switchboard/proxy";
import { derivePreviewSecret } from "@switchboard/proxy";
import { AppError } from "../../kernel/index.js";
import type { DocumentStore, StoredDocument } from "../../store/index.js";

/** The data plane that serves a service, or null when the control plane only records its routing. */
export type BackendResolver = (service: TrafficServiceDocument) => TrafficBackend | null;

/** The document key of a service: `environment/name` (names have no `/`). */
export function serviceKey(ref: ServiceRef): string {
  return `${ref.environment}/${ref.name}`;
}

/** Reads a service document or throws NOT_FOUND. */
export async function loadService(
  store: DocumentStore,
  ref: ServiceRef,
): Promise<StoredDocument<TrafficServiceDocument>> {
  const doc = await store.getDocument<TrafficServiceDocument>("service", serviceKey(ref));
  if (doc === undefined || doc.archived) {
    throw new AppError("NOT_FOUND", `Service ${ref.name} does not exist in ${ref.environment}.`);
  }
  return doc;
}

/** What a data plane gets of a service document: pools, seed and the preview secret derived for it. */
export function specOf(doc: TrafficServiceDocument, previewKey: string): TrafficServiceSpec {
  return {
    name: doc.name,
    environment: doc.environment,
    seed: doc.seed,
    pools: doc.pools,
    preview: { header: doc.previewHeader, secret: derivePreviewSecret(previewKey, doc) },
  };
}

/** Pushes a document's routing to its data plane; a data plane that fails makes the whole operation fail (503). */
export async function applyToDataPlane(
  backend: TrafficBackend | null,
  spec: TrafficServiceSpec,
  routing: RoutingState,
): Promise<void> {
  if (backend === null) return;
  try {
    await backend.apply(spec, routing);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError(
      "UNAVAILABLE",
      `The ${backend.kind} data plane did not take the change (${why}); routing is unchanged.`,
      [],
      { dataPlane: backend.kind },
    );
  }
}

/** Runs operations on one service one at a time in this process, so a ramp plan and a person never interleave. */
export class ServiceQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(operation, operation);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
