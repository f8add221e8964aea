import { randomBytes } from "node:crypto";
import {
  type ChangeRequest,
  type ChangeRequestDelivery,
  type ChangeRequestStatus,
  MAX_REASON_CHARS,
} from "@switchboard/core";
import {
  AppError,
  type ChangeGate,
  type Clock,
  changeInput,
  type HeldChange,
  type ProposedFlagChange,
  type ProposedSegmentChange,
  type ReasonPolicy,
  type WriteContext,
} from "../../kernel/index.js";
import type { DocumentStore, StoredDocument } from "../../store/index.js";
import { applyFlagSet } from "../flag-sets/index.js";
import type { ServiceDeps } from "../service-deps.js";
import {
  type ChangeRequestEvent,
  type ChangeRequestNotifier,
  changeRequestWebhook,
  type WebhookRetryPolicy,
} from "./change-request-webhook.js";
import { DocumentDeliveryRecorder, deliveriesByRequest } from "./delivery-recorder.js";

/** The document kind change requests are stored as (versions, history and audit entries come with it). */
export const CHANGE_REQUEST_KIND = "change-request";

/** Which environments are protected: an editor's change there waits for a second person. */
export interface ChangeRequestPolicy {
  changeRequestsIn?: readonly string[];
  /** Where each step is posted (retried on 5xx and network errors); none when null or absent. */
  changeRequestWebhook?: { url: string; secret: string | null; retry?: Partial<WebhookRetryPolicy> } | null;
}

type Body = Omit<ChangeRequest, "id" | "version" | "deliveries">;
type Stored = StoredDocument<Body>;
const OPEN: readonly ChangeRequestStatus[] = ["pending", "scheduled"];

/** What an approval may say: why, and when to apply (now when left out). */
export interface Decision {
  reason?: string | undefined;
  applyAt?: string | undefined;
}

/**
 * Four-eyes approval for protected environments. An editor's change there is kept as a request holding each flag
 * before and after; another person (an admin, or an editor who did not propose it) approves or rejects it; an
 * approved request applies through the all-or-nothing change set at the versions it was computed from, so a flag
 * that moved since is refused with what moved. Each step is a version of the request document, so the audit log
 * shows who proposed, who decided and when it applied.
 */
export class ChangeRequestService implements ChangeGate {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly policy: ReasonPolicy & ChangeRequestPolicy,
    private readonly notifier?: ChangeRequestNotifier,
  ) {}

  #tell(event: ChangeRequestEvent, doc: Stored): Stored {
    this.notifier?.notify(event, view(doc));
    return doc;
  }

  /** Resolves when every webhook delivery started so far has ended (for an orderly stop, and tests). */
  async deliveriesSettled(): Promise<void> {
    await this.notifier?.idle();
  }

  /** Admins change protected environments directly (they are the approvers); editors propose. */
  protectedFor(context: WriteContext, environments: Iterable<string>): string[] {
    if (context.role !== "editor") return [];
    const protectedOnes = this.policy.changeRequestsIn ?? [];
    return [...new Set(environments)].filter((name) => protectedOnes.includes(name));
  }

  async propose(
    changes: ProposedFlagChange[],
    environments: string[],
    context: WriteContext,
    summary: string,
    segments: ProposedSegmentChange[] = [],
  ): Promise<HeldChange> {
    const id = `cr-${this.clock.now().getTime().toString(36)}-${randomBytes(3).toString("hex")}`;
    const body: Body = {
      status: "pending",
      summary,
      environments,
      changes,
      segments,
      reason: context.reason,
      proposedBy: context.actor,
      proposedAt: this.clock.now().toISOString(),
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
      applyAt: null,
      appliedAt: null,
      error: null,
    };
    const change = changeInput(context, `${CHANGE_REQUEST_KIND}.propose`, environments[0] ?? null);
    const write = await this.store.createDocument(CHANGE_REQUEST_KIND, id, body, change);
    this.#tell("proposed", write.document);
    return { held: view(write.document) as unknown as HeldChange["held"] };
  }

  /** Change requests, newest first, optionally of one status. */
  async list(status?: ChangeRequestStatus): Promise<ChangeRequest[]> {
    const [docs, deliveries] = await Promise.all([
      this.store.listDocuments<Body>(CHANGE_REQUEST_KIND),
      deliveriesByRequest(this.store),
    ]);
    return docs
      .filter((doc) => status === undefined || doc.body.status === status)
      .sort((a, b) => b.body.proposedAt.localeCompare(a.body.proposedAt) || b.key.localeCompare(a.key))
      .map((doc) => view(doc, deliveries.get(doc.key)));
  }

  /** One request, with where each of its webhook messages stands. */
  async get(id: string): Promise<ChangeRequest> {
    const [doc, deliveries] = await Promise.all([this.#load(id), deliveriesByRequest(this.store)]);
    return view(doc, deliveries.get(id));
  }

  /**
   * Approves a request: someone other than the proposer. Applies at once, or at `applyAt`; a request whose flags
   * changed since it was proposed is marked failed and the approval answers CONFLICT with what changed.
   */
  async approve(id: string, decision: Decision, context: WriteContext): Promise<ChangeRequest> {
    const current = await this.#open(id, "approve");
    if (current.body.proposedBy === context.actor) {
      throw new AppError(
        "FORBIDDEN",
        `Change request ${id} was proposed by ${context.actor}; another person must approve it (four-eyes rule).`,
      );
    }
    const now = this.clock.now();
    const applyAt = decision.applyAt === undefined ? null : new Date(decision.applyAt);
    const later = applyAt !== null && applyAt.getTime() > now.getTime();
    const decided = await this.#update(current, context, "approve", {
      status: later ? "scheduled" : "pending",
      decidedBy: context.actor,
      decidedAt: now.toISOString(),
      decisionReason: decision.reason ?? null,
      applyAt: (applyAt ?? now).toISOString(),
    });
    this.#tell("approved", decided);
    if (later) return view(decided);
    return view(await this.#applyOrFail(decided, true));
  }

  /** Rejects a request: someone other than the proposer (who cancels instead). */
  async reject(id: string, decision: Decision, context: WriteContext): Promise<ChangeRequest> {
    const current = await this.#open(id, "reject");
    if (current.body.proposedBy === context.actor) {
      throw new AppError("FORBIDDEN", `Change request ${id} is yours; cancel it instead of rejecting it.`);
    }
    const now = this.clock.now().toISOString();
    return view(
      this.#tell(
        "rejected",
        await this.#update(current, context, "reject", {
          status: "rejected",
          decidedBy: context.actor,
          decidedAt: now,
          decisionReason: decision.reason ?? null,
        }),
      ),
    );
  }

  /** Withdraws a request: its proposer, or an admin. */
  async cancel(id: string, decision: Decision, context: WriteContext): Promise<ChangeRequest> {
    const current = await this.#open(id, "cancel");
    if (current.body.proposedBy !== context.actor && context.role !== "admin") {
      throw new AppError(
        "FORBIDDEN",
        `Only ${current.body.proposedBy}, who proposed ${id}, or an admin can cancel it.`,
      );
    }
    return view(
      this.#tell(
        "cancelled",
        await this.#update(current, context, "cancel", {
          status: "cancelled",
          decidedBy: context.actor,
          decidedAt: this.clock.now().toISOString(),
          decisionReason: decision.reason ?? null,
        }),
      ),
    );
  }

  /** Applies approved requests whose time has come (what the periodic pass calls); resolves with their ids. */
  async applyDue(): Promise<string[]> {
    const now = this.clock.now().getTime();
    const due = (await this.store.listDocuments<Body>(CHANGE_REQUEST_KIND)).filter(
      (doc) => doc.body.status === "scheduled" && Date.parse(doc.body.applyAt ?? "") <= now,
    );
    const done: string[] = [];
    for (const doc of due) {
      try {
        await this.#applyOrFail(doc, false);
        done.push(doc.key);
      } catch (error) {
        // Another server claimed it first (the request moved on), or the flags moved: recorded on the request.
        if (!(error instanceof AppError)) throw error;
      }
    }
    return done;
  }

  /**
   * Writes the request's flags as one change set, audited as the proposer's change with the approver named in the
   * reason. The request is first moved on with compare-and-swap, so in a cluster only one server applies it.
   */
  async #applyOrFail(request: Stored, rethrow: boolean): Promise<Stored> {
    const system: WriteContext = { actor: request.body.decidedBy ?? "system", role: "admin", reason: null };
    const claimed = await this.store.replaceDocument<Body>(
      CHANGE_REQUEST_KIND,
      request.key,
      request.version,
      { ...request.body, status: "applied", appliedAt: this.clock.now().toISOString() },
      changeInput(system, `${CHANGE_REQUEST_KIND}.apply`, request.body.environments[0] ?? null),
    );
    const proposer: WriteContext = {
      actor: request.body.proposedBy,
      role: "editor",
      reason: auditReason(request),
    };
    const changeSet = {
      reason: auditReason(request),
      flags: request.body.changes.map((change) => ({
        key: change.key,
        expectedVersion: change.expectedVersion,
        ...(change.after === null ? {} : { flag: change.after }),
      })),
      segments: (request.body.segments ?? []).map((change) => ({
        key: change.key,
        expectedVersion: change.expectedVersion,
        ...(change.after === null ? {} : { segment: change.after }),
      })),
    };
    try {
      await applyFlagSet(this.store, this.policy, changeSet, proposer);
      return this.#tell("applied", claimed.document);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const message = `could not apply: ${error.message}`;
      const failed = await this.store.replaceDocument<Body>(
        CHANGE_REQUEST_KIND,
        request.key,
        claimed.document.version,
        { ...request.body, status: "failed", appliedAt: null, error: message },
        changeInput(system, `${CHANGE_REQUEST_KIND}.fail`, request.body.environments[0] ?? null),
      );
      this.#tell("failed", failed.document);
      if (!rethrow) throw error;
      throw new AppError(
        error.code === "CONFLICT" ? "CONFLICT" : "UNPROCESSABLE",
        `Change request ${request.key} was approved but ${message} Propose the change again against the flags as they are now.`,
        error.details,
      );
    }
  }

  async #update(current: Stored, context: WriteContext, step: string, patch: Partial<Body>): Promise<Stored> {
    const change = changeInput(
      { ...context, reason: patch.decisionReason ?? context.reason },
      `${CHANGE_REQUEST_KIND}.${step}`,
      current.body.environments[0] ?? null,
    );
    const body = { ...current.body, ...patch };
    return (await this.store.replaceDocument<Body>(CHANGE_REQUEST_KIND, current.key, current.version, body, change))
      .document;
  }

  async #open(id: string, step: string): Promise<Stored> {
    const current = await this.#load(id);
    if (!OPEN.includes(current.body.status)) {
      throw new AppError(
        "UNPROCESSABLE",
        `Change request ${id} is ${current.body.status}; only an open one can ${step}.`,
        [{ path: "status", message: `is ${current.body.status}` }],
      );
    }
    return current;
  }

  async #load(id: string): Promise<Stored> {
    const doc = await this.store.getDocument<Body>(CHANGE_REQUEST_KIND, id);
    if (doc === undefined) throw new AppError("NOT_FOUND", `Change request "${id}" does not exist.`);
    return doc;
  }
}

/** The flag changes' reason in the audit log: the proposer's, with the request and its approver. */
function auditReason(request: Stored): string {
  const note = ` [change request ${request.key}, approved by ${request.body.decidedBy ?? "?"}]`;
  const reason = (request.body.reason ?? request.body.summary).slice(0, Math.max(0, MAX_REASON_CHARS - note.length));
  return `${reason}${note}`;
}

function view(doc: Stored, deliveries: ChangeRequestDelivery[] = []): ChangeRequest {
  // Requests stored before segments were held have none.
  return { id: doc.key, version: doc.version, ...doc.body, segments: doc.body.segments ?? [], deliveries };
}

/** Builds the change-request service from the control plane's dependencies. */
export function createChangeRequestService({
  store,
  clock,
  config,
}: Pick<ServiceDeps<DocumentStore>, "store" | "clock"> & {
  config: ReasonPolicy & ChangeRequestPolicy;
}): ChangeRequestService {
  const webhook = config.changeRequestWebhook;
  const notifier =
    webhook === undefined || webhook === null
      ? undefined
      : changeRequestWebhook(webhook, clock, {
          recorder: new DocumentDeliveryRecorder(store),
          ...(webhook.retry === undefined ? {} : { retry: webhook.retry }),
        });
  return new ChangeRequestService(store, clock, config, notifier);
}
