import type { Audience, CompiledPayload } from "./compiled-payload.js";
import type { PayloadDelta, PayloadService } from "./payload-service.js";
import { growthbookFeaturesMessage, patchMessage, payloadMessage } from "./sse-messages.js";

/** The event format a subscriber reads: Switchboard's `payload`/`patch` events or GrowthBook's `features`. */
export type StreamFormat = "switchboard" | "growthbook";

/** One open event stream: where to write, and how to drop it. */
export interface StreamSubscriber {
  format: StreamFormat;
  /** Bytes queued but not yet sent; over the hub's limit the subscriber is dropped. */
  readonly writableLength: number;
  write(message: Buffer): void;
  /** Ends the stream, optionally after a last message. */
  end(message?: Buffer): void;
  /** Drops the connection without a goodbye (slow client). */
  destroy(): void;
}

/**
 * The subscribers of one (environment, audience) and the payload they have all been brought up to. On a commit it
 * serializes the update once per format and writes the same bytes to every subscriber.
 */
export class StreamChannel {
  readonly subscribers = new Set<StreamSubscriber>();
  private refreshing = false;
  private pending = false;

  constructor(
    readonly environment: string,
    readonly audience: Audience,
    /** What every subscriber of this channel has been sent, up to and including its seq. */
    public current: CompiledPayload,
    private readonly payloads: PayloadService,
    private readonly send: (subscribers: Iterable<StreamSubscriber>, message: Buffer) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Brings subscribers up to the latest payload; commits arriving meanwhile are folded into one more round. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.pending = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.pending = false;
        await this.refreshOnce();
      } while (this.pending);
    } catch (error) {
      this.onError(error);
    } finally {
      this.refreshing = false;
    }
  }

  private async refreshOnce(): Promise<void> {
    const previous = this.current;
    const next = await this.payloads.latest(this.environment, this.audience);
    if (next.seq <= previous.seq) return;
    if (next.body.etag === previous.body.etag) {
      this.current = next;
      return;
    }
    const delta = narrow(await this.payloads.deltaSince(previous.seq, next), previous, next);
    this.current = next;
    this.broadcast(delta, next);
  }

  private broadcast(delta: PayloadDelta, next: CompiledPayload): void {
    let switchboard: Buffer | undefined;
    let growthbook: Buffer | undefined;
    const byFormat: Record<StreamFormat, StreamSubscriber[]> = { switchboard: [], growthbook: [] };
    for (const subscriber of this.subscribers) byFormat[subscriber.format].push(subscriber);
    if (byFormat.switchboard.length > 0) {
      switchboard = delta.kind === "patch" ? patchMessage(next.seq, delta.features) : payloadMessage(next);
      this.send(byFormat.switchboard, switchboard);
    }
    if (byFormat.growthbook.length > 0) {
      growthbook = growthbookFeaturesMessage(next);
      this.send(byFormat.growthbook, growthbook);
    }
  }
}

/**
 * Keeps only the features whose compiled form differs between the two versions (a change in another environment
 * leaves this one alone); the full payload when the patch would not explain the difference.
 */
function narrow(delta: PayloadDelta, previous: CompiledPayload, next: CompiledPayload): PayloadDelta {
  if (delta.kind !== "patch") return { kind: "full" };
  const features: typeof delta.features = {};
  let changed = 0;
  for (const [key, definition] of Object.entries(delta.features)) {
    if (previous.featureJson(key) === next.featureJson(key)) continue;
    features[key] = definition;
    changed++;
  }
  const sameGroups = previous.parts.savedGroupsJson === next.parts.savedGroupsJson;
  return changed === 0 || !sameGroups ? { kind: "full" } : { kind: "patch", features };
}
