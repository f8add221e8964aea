import { randomBytes } from "node:crypto";
import type { Change, CustomerPreview, PreviewRefusal, PreviewResolution } from "@switchboard/core";
import { AppError, type Clock, type WriteContext } from "../../kernel/index.js";
import type { ChangeLog } from "../../store/index.js";
import {
  type CustomerPreviewClaims,
  checkCustomerPreviewToken,
  MAX_CUSTOMER_PREVIEW_LIFETIME_S,
  signCustomerPreviewToken,
} from "./customer-preview-token.js";

/** The change-log subject under which previews are filed: created, then maybe revoked. */
export const PREVIEW_SUBJECT = "customer-preview";
export const PREVIEW_CREATE = "customer.preview.create";
export const PREVIEW_REVOKE = "customer.preview.revoke";

/** What a new preview serves, decided by the customer service. */
export interface NewPreview {
  unit: string;
  environment: string;
  at: string;
  overrides: Record<string, string>;
  ttlSeconds: number;
}

/** A refused token: why, in words a person can act on. */
export const REFUSAL_MESSAGES: Readonly<Record<PreviewRefusal, string>> = {
  malformed: "The preview token is malformed: it is not a token this server signed.",
  "bad-signature": "The preview token's signature does not match: it was altered or signed by another server.",
  expired: "The preview token has expired: mint a new one from the customer lookup.",
  revoked: "The preview token was revoked.",
  "wrong-environment": "The preview token is for another environment than this SDK key's.",
  unknown: "The preview token names no preview this server knows.",
};

/**
 * Customer previews: signed, time-limited tokens whose bearer is served one unit's variations. The change log is
 * their record and their revocation list, so every preview and revocation is audited and every server of a cluster
 * sees a revocation at once; tokens carry only `{id, env, exp}`.
 */
export class CustomerPreviews {
  constructor(
    private readonly store: ChangeLog,
    private readonly clock: Clock,
    private readonly secret: string,
  ) {}

  /** Records a preview and signs its token. */
  async mint(preview: NewPreview, context: WriteContext): Promise<{ preview: CustomerPreview; token: string }> {
    const now = this.clock.now();
    const ttl = Math.min(Math.max(1, Math.floor(preview.ttlSeconds)), MAX_CUSTOMER_PREVIEW_LIFETIME_S);
    const claims: CustomerPreviewClaims = {
      id: randomBytes(16).toString("hex"),
      env: preview.environment,
      exp: Math.floor(now.getTime() / 1000) + ttl,
    };
    const token = signCustomerPreviewToken(claims, this.secret, now.getTime());
    const record: CustomerPreview = {
      id: claims.id,
      unit: preview.unit,
      environment: preview.environment,
      at: preview.at,
      overrides: preview.overrides,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      createdBy: context.actor,
      createdAt: now.toISOString(),
      revokedAt: null,
      revokedBy: null,
    };
    await this.store.recordChange({
      actor: context.actor,
      action: PREVIEW_CREATE,
      environment: preview.environment,
      reason: context.reason,
      subjectKind: PREVIEW_SUBJECT,
      subjectKey: claims.id,
      after: record,
    });
    return { preview: record, token };
  }

  /** One preview by id, with its revocation; NOT_FOUND when there is none. */
  async get(id: string): Promise<CustomerPreview> {
    const preview = await this.find(id);
    if (preview === undefined) throw new AppError("NOT_FOUND", `No customer preview has the id "${id}".`);
    return preview;
  }

  /** The previews of a unit, newest first (at most the newest 1,000 previews of all units are searched). */
  async listFor(unit: string): Promise<CustomerPreview[]> {
    const changes = await this.store.listChanges({ subjectKind: PREVIEW_SUBJECT, limit: 1000 });
    return foldPreviews(changes).filter((preview) => preview.unit === unit);
  }

  /** Revokes a preview: its token stops working at the next check. Revoking twice keeps the first revocation. */
  async revoke(id: string, context: WriteContext): Promise<CustomerPreview> {
    const preview = await this.get(id);
    if (preview.revokedAt !== null) return preview;
    const change = await this.store.recordChange({
      actor: context.actor,
      action: PREVIEW_REVOKE,
      environment: preview.environment,
      reason: context.reason,
      subjectKind: PREVIEW_SUBJECT,
      subjectKey: id,
      before: preview,
    });
    return { ...preview, revokedAt: change.at, revokedBy: change.actor };
  }

  /**
   * What a token presented by an SDK of `environment` grants, or why it is refused: form, signature, expiry,
   * environment, then the revocation list. Never changes anything.
   */
  async resolve(
    token: unknown,
    environment: string,
  ): Promise<{ ok: true; resolution: PreviewResolution } | { ok: false; reason: PreviewRefusal }> {
    const check = checkCustomerPreviewToken(token, this.secret, this.clock.now().getTime());
    if (!check.valid) return { ok: false, reason: check.reason };
    if (check.claims.env !== environment) return { ok: false, reason: "wrong-environment" };
    const preview = await this.find(check.claims.id);
    if (preview === undefined) return { ok: false, reason: "unknown" };
    if (preview.revokedAt !== null) return { ok: false, reason: "revoked" };
    return {
      ok: true,
      resolution: {
        id: preview.id,
        environment: preview.environment,
        overrides: preview.overrides,
        expiresAt: new Date(check.claims.exp * 1000).toISOString(),
      },
    };
  }

  private async find(id: string): Promise<CustomerPreview | undefined> {
    const changes = await this.store.listChanges({ subjectKind: PREVIEW_SUBJECT, subjectKey: id, limit: 10 });
    return foldPreviews(changes)[0];
  }
}

/** Previews from their change-log entries (any order), newest first. */
function foldPreviews(changes: readonly Change[]): CustomerPreview[] {
  const byId = new Map<string, CustomerPreview>();
  const revocations = new Map<string, Change>();
  for (const change of changes) {
    if (change.action === PREVIEW_CREATE) byId.set(change.subjectKey, change.after as CustomerPreview);
    else if (change.action === PREVIEW_REVOKE) revocations.set(change.subjectKey, change);
  }
  return [...byId.values()]
    .map((preview) => {
      const revoked = revocations.get(preview.id);
      return revoked === undefined ? preview : { ...preview, revokedAt: revoked.at, revokedBy: revoked.actor };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
