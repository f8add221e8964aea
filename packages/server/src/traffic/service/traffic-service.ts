import type { RoutingState, ServiceRef, TrafficServiceDocument } from "@switchboard/proxy";
import { signPreviewToken } from "@switchboard/proxy";
import { requireEnvironment } from "../../control-plane/index.js";
import type { Clock } from "../../kernel/index.js";
import {
  AppError,
  changeInput,
  type ReasonPolicy,
  requireReason,
  type WriteContext,
  withReason,
} from "../../kernel/index.js";
import type { ChangeLog, DocumentStore, StoredDocument } from "../../store/index.js";
import { newServiceDocument } from "./new-service.js";
import { backTo, poolsInUse, requirePool, targetOfWeights, withRouting } from "./routing-rules.js";
import {
  applyToDataPlane,
  type BackendResolver,
  loadService,
  ServiceQueue,
  serviceKey,
  specOf,
} from "./service-documents.js";
import type {
  BackInput,
  CreateServiceInput,
  DrainInput,
  ListServicesQuery,
  PreviewTokenInput,
  RulesInput,
  SwitchInput,
} from "./traffic-schemas.js";

/** What the traffic service is built from. */
export interface TrafficServiceDeps {
  store: DocumentStore & ChangeLog;
  clock: Clock;
  config: ReasonPolicy;
  backendFor: BackendResolver;
  /** Key from which each service's preview secret is derived. */
  previewKey: string;
  /** Told of every service document this server wrote (proxies waiting on it are answered at once). */
  onWritten?: (doc: StoredDocument<TrafficServiceDocument>) => void;
}

/** A change to one service: what it does to the document, as which action. */
export interface ServiceMutation {
  action: string;
  context: WriteContext;
  change(doc: TrafficServiceDocument): TrafficServiceDocument;
  /** When set, the data plane is told with this call instead of a full apply. */
  push?: (doc: TrafficServiceDocument) => Promise<void>;
}

/** Traffic control: services and pools, and the operations that move requests between pools (each one a change). */
export class TrafficService {
  readonly queue = new ServiceQueue();

  constructor(readonly deps: TrafficServiceDeps) {}

  /** Creates a service with all traffic on its first pool (or `pool`) and pushes that state to its data plane. */
  async create(body: CreateServiceInput, context: WriteContext): Promise<StoredDocument<TrafficServiceDocument>> {
    const ctx = withReason(context, body.reason);
    await requireEnvironment(this.deps.store, body.environment);
    requireReason(this.deps.config, ctx, [body.environment]);
    const doc = newServiceDocument(body, ctx, this.deps.clock.now().toISOString());
    await applyToDataPlane(this.deps.backendFor(doc), specOf(doc, this.deps.previewKey), doc.routing);
    const change = changeInput(ctx, "traffic.service.create", doc.environment);
    return (await this.deps.store.createDocument("service", serviceKey(doc), doc, change)).document;
  }

  /** Services, optionally of one environment. */
  async list({ environment }: ListServicesQuery): Promise<StoredDocument<TrafficServiceDocument>[]> {
    const docs = await this.deps.store.listDocuments<TrafficServiceDocument>("service");
    return docs.filter((d) => environment === undefined || d.body.environment === environment);
  }

  get(ref: ServiceRef): Promise<StoredDocument<TrafficServiceDocument>> {
    return loadService(this.deps.store, ref);
  }

  /** Sends every request to one pool (the atomic pool switch). */
  switch(ref: ServiceRef, body: SwitchInput, context: WriteContext): Promise<StoredDocument<TrafficServiceDocument>> {
    const ctx = withReason(context, body.reason);
    return this.mutate(ref, {
      action: "traffic.switch",
      context: ctx,
      change: (doc) => {
        requirePool(doc, body.pool);
        return this.route(doc, { ...doc.routing, target: { kind: "pool", pool: body.pool } }, "traffic.switch", ctx);
      },
    });
  }

  /** Sets the weights of a split at once (a plan of steps is started by `RampRunner`). */
  rampTo(
    ref: ServiceRef,
    weights: Record<string, number>,
    context: WriteContext,
  ): Promise<StoredDocument<TrafficServiceDocument>> {
    return this.mutate(ref, {
      action: "traffic.ramp",
      context,
      change: (doc) =>
        this.route(doc, { ...doc.routing, target: targetOfWeights(doc, weights) }, "traffic.ramp", context),
    });
  }

  /** The back button: returns to the previous routing state in one call. */
  back(ref: ServiceRef, body: BackInput, context: WriteContext): Promise<StoredDocument<TrafficServiceDocument>> {
    const ctx = withReason(context, body.reason);
    return this.mutate(ref, {
      action: "traffic.back",
      context: ctx,
      change: (doc) =>
        stopPlan(backTo(doc, doc.history.length - 1, this.stamp("traffic.back", ctx)), "cancelled", "back"),
    });
  }

  /** Stops new requests to a pool that no longer gets traffic; requests in flight complete. */
  drain(ref: ServiceRef, body: DrainInput, context: WriteContext): Promise<StoredDocument<TrafficServiceDocument>> {
    return this.mutate(ref, {
      action: "traffic.drain",
      context: withReason(context, body.reason),
      change: (doc) => {
        requirePool(doc, body.pool);
        if (poolsInUse(doc.routing).has(body.pool)) {
          throw new AppError("CONFLICT", `Pool ${body.pool} still gets requests: switch or ramp away from it first.`);
        }
        return { ...doc, pools: doc.pools.map((p) => (p.name === body.pool ? { ...p, drained: true } : p)) };
      },
      push: async (doc) => {
        await this.deps.backendFor(doc)?.drain(doc, body.pool);
      },
    });
  }

  /** Replaces stickiness and header overrides (a new routing state, so `back` undoes it). */
  setRules(ref: ServiceRef, body: RulesInput, context: WriteContext): Promise<StoredDocument<TrafficServiceDocument>> {
    const ctx = withReason(context, body.reason);
    return this.mutate(ref, {
      action: "traffic.rules",
      context: ctx,
      change: (doc) => {
        for (const [i, o] of body.overrides.entries()) requirePool(doc, o.pool, `overrides[${i}].pool`);
        const routing: RoutingState = { target: doc.routing.target, sticky: body.sticky, overrides: body.overrides };
        return this.route(doc, routing, "traffic.rules", ctx);
      },
    });
  }

  /** Issues a signed token that sends its bearer to a pool until it expires (logged, never stored). */
  async previewToken(ref: ServiceRef, body: PreviewTokenInput, context: WriteContext) {
    const { body: doc } = await loadService(this.deps.store, ref);
    requirePool(doc, body.pool);
    const nowSec = Math.floor(this.deps.clock.now().getTime() / 1000);
    const expiresAtSec = nowSec + (body.ttlSeconds ?? 3600);
    const spec = specOf(doc, this.deps.previewKey);
    const token = signPreviewToken(spec.preview.secret, doc, body.pool, expiresAtSec);
    await this.deps.store.recordChange({
      ...changeInput(withReason(context, body.reason), "traffic.preview", doc.environment),
      subjectKind: "service",
      subjectKey: serviceKey(doc),
      after: { pool: body.pool, expiresAt: new Date(expiresAtSec * 1000).toISOString() },
    });
    return {
      token,
      header: doc.previewHeader,
      pool: body.pool,
      expiresAt: new Date(expiresAtSec * 1000).toISOString(),
    };
  }

  /** Applies a mutation: checks, tells the data plane, then writes the document and its change (one marker). */
  mutate(ref: ServiceRef, mutation: ServiceMutation): Promise<StoredDocument<TrafficServiceDocument>> {
    return this.queue.run(serviceKey(ref), async () => {
      const stored = await loadService(this.deps.store, ref);
      requireReason(this.deps.config, mutation.context, [ref.environment]);
      const next = mutation.change(structuredClone(stored.body));
      if (mutation.push !== undefined) await mutation.push(next);
      else await applyToDataPlane(this.deps.backendFor(next), specOf(next, this.deps.previewKey), next.routing);
      const change = changeInput(mutation.context, mutation.action, ref.environment);
      try {
        const written = await this.deps.store.replaceDocument("service", serviceKey(ref), stored.version, next, change);
        this.deps.onWritten?.(written.document);
        return written.document;
      } catch (error) {
        await this.reapplyStored(ref);
        throw error;
      }
    });
  }

  /** The document with a new routing state in place; a running plan is cancelled by any other routing change. */
  route(doc: TrafficServiceDocument, routing: RoutingState, action: string, context: WriteContext) {
    return stopPlan(withRouting(doc, routing, this.stamp(action, context)), "cancelled", action);
  }

  stamp(action: string, context: WriteContext): TrafficServiceDocument["current"] {
    return { action, actor: context.actor, at: this.deps.clock.now().toISOString(), reason: context.reason };
  }

  // Another server wrote first: put the data plane back in line with what is stored.
  private async reapplyStored(ref: ServiceRef): Promise<void> {
    try {
      const { body } = await loadService(this.deps.store, ref);
      await this.deps.backendFor(body)?.apply(specOf(body, this.deps.previewKey), body.routing);
    } catch {
      // The original error is what the caller needs to see.
    }
  }
}

function stopPlan(
  doc: TrafficServiceDocument,
  status: "cancelled" | "aborted" | "done",
  by: string,
): TrafficServiceDocument {
  if (doc.plan?.status !== "running") return doc;
  return { ...doc, plan: { ...doc.plan, status, endedAt: doc.current.at, outcome: `${status} by ${by}` } };
}
