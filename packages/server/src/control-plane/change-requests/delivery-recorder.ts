import type { ChangeRequestDelivery } from "@switchboard/core";
import type { DocumentStore } from "../../store/index.js";
import type { DeliveryRecorder } from "./change-request-webhook.js";

/** The document kind each webhook delivery's state is kept as, one document per request and step. */
export const CHANGE_REQUEST_DELIVERY_KIND = "change-request-delivery";

/** A delivery as stored: its state and the request it tells of. */
export interface StoredDelivery extends ChangeRequestDelivery {
  requestId: string;
}

/**
 * Records deliveries as documents beside the requests, not inside them: a delivery's attempts run while people
 * decide, and writing them into the request would move its version under an approver's feet.
 */
export class DocumentDeliveryRecorder implements DeliveryRecorder {
  constructor(private readonly store: DocumentStore) {}

  async record(requestId: string, delivery: ChangeRequestDelivery): Promise<void> {
    const key = `${requestId}--${delivery.event}`;
    const body: StoredDelivery = { requestId, ...delivery };
    const change = {
      actor: "system",
      action: `${CHANGE_REQUEST_DELIVERY_KIND}.${delivery.status}`,
      reason: delivery.lastError?.slice(0, 500) ?? null,
    };
    const current = await this.store.getDocument<StoredDelivery>(CHANGE_REQUEST_DELIVERY_KIND, key);
    if (current === undefined) await this.store.createDocument(CHANGE_REQUEST_DELIVERY_KIND, key, body, change);
    else await this.store.replaceDocument(CHANGE_REQUEST_DELIVERY_KIND, key, current.version, body, change);
  }
}

/** Every recorded delivery, grouped by request, each request's in the order of their steps' first attempt. */
export async function deliveriesByRequest(store: DocumentStore): Promise<Map<string, ChangeRequestDelivery[]>> {
  const docs = await store.listDocuments<StoredDelivery>(CHANGE_REQUEST_DELIVERY_KIND);
  const byRequest = new Map<string, ChangeRequestDelivery[]>();
  for (const doc of docs.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key))) {
    const { requestId, ...delivery } = doc.body;
    byRequest.set(requestId, [...(byRequest.get(requestId) ?? []), delivery]);
  }
  return byRequest;
}
