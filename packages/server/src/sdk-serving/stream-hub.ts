import { AppError } from "../kernel/index.js";
import type { Audience, CompiledPayload } from "./compiled-payload.js";
import type { PayloadService } from "./payload-service.js";
import { growthbookFeaturesMessage, HEARTBEAT, patchMessage, payloadMessage, retryMessage } from "./sse-messages.js";
import { StreamChannel, type StreamFormat, type StreamSubscriber } from "./stream-channel.js";

/** Options of {@link StreamHub}. */
export interface StreamHubOptions {
  heartbeatMs: number;
  /** Retry hint sent first on every stream. */
  retryMs: number;
  /** A subscriber with more unsent bytes than this is dropped (it reconnects and resumes with Last-Event-ID). */
  maxBufferedBytes?: number;
  onError?: (error: unknown) => void;
}

/** What a new stream asks for: its channel, its format, the last event it saw (reconnects) and whose key opened it. */
export interface StreamRequest {
  /** The token that opened the stream; revoking it ends the stream. */
  tokenId: string;
  environment: string;
  audience: Audience;
  format: StreamFormat;
  lastEventId: number | null;
}

const MAX_CONSISTENCY_ATTEMPTS = 3;
const MAX_SHARED_RESUMES = 64;

/**
 * Fans out payload changes to every open event stream: one channel per (environment, audience), one serialized
 * message per change written to all its subscribers, heartbeats, slow-client eviction and graceful close.
 */
export class StreamHub {
  private readonly channels = new Map<string, Promise<StreamChannel>>();
  private readonly tokenOf = new Map<StreamSubscriber, string>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly maxBufferedBytes: number;
  private readonly retry: Buffer;
  private closed = false;

  constructor(
    private readonly payloads: PayloadService,
    private readonly options: StreamHubOptions,
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.retry = retryMessage(options.retryMs);
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
    this.unsubscribe = payloads.subscribe(() => this.committed());
  }

  /** Open streams over all channels. */
  get size(): number {
    let total = 0;
    for (const channel of this.settledChannels) total += channel.subscribers.size;
    return total;
  }

  /**
   * Opens a stream: waits for what the subscriber must be sent first (the full payload, or on a reconnect what it
   * missed), then calls `open` (which starts the response) and writes it. Throws before `open` on failure.
   */
  async connect(request: StreamRequest, open: () => StreamSubscriber): Promise<StreamSubscriber> {
    if (this.closed) throw new AppError("UNAVAILABLE", "The server is shutting down; reconnect shortly.");
    const channel = await this.channel(request.environment, request.audience);
    if (channel.subscribers.size === 0) await channel.refresh();
    for (let attempt = 1; ; attempt++) {
      const base = channel.current;
      const first = await this.firstMessage(base, request);
      if (this.closed) throw new AppError("UNAVAILABLE", "The server is shutting down; reconnect shortly.");
      // The channel may have moved on while we waited; what we send must match what it broadcasts next.
      if (channel.current !== base && attempt < MAX_CONSISTENCY_ATTEMPTS) continue;
      const message = channel.current === base ? first : fullMessage(channel.current, request.format);
      const subscriber = open();
      // Two writes, not one concatenation: the full payload (3 MB at 10,000 flags) is one Buffer per version, shared
      // by every stream; a copy per connection held 3 MB per stream until that stream had read it.
      subscriber.write(this.retry);
      if (message !== undefined) subscriber.write(message);
      channel.subscribers.add(subscriber);
      this.tokenOf.set(subscriber, request.tokenId);
      return subscriber;
    }
  }

  /** Forgets a subscriber whose connection has closed. */
  disconnect(subscriber: StreamSubscriber): void {
    for (const channel of this.settledChannels) channel.subscribers.delete(subscriber);
    this.tokenOf.delete(subscriber);
  }

  /** Ends the streams opened by revoked tokens ("all": every stream, which reconnects and authenticates again). */
  endStreamsOf(tokenIds: ReadonlySet<string> | "all"): void {
    for (const [subscriber, tokenId] of [...this.tokenOf]) {
      if (tokenIds !== "all" && !tokenIds.has(tokenId)) continue;
      this.disconnect(subscriber);
      subscriber.end();
    }
  }

  /** Graceful shutdown: sends every subscriber a last `retry:` hint, ends every stream and refuses new ones. */
  closeAll(retryMs: number): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    const goodbye = retryMessage(retryMs);
    for (const channel of this.settledChannels) {
      for (const subscriber of channel.subscribers) subscriber.end(goodbye);
      channel.subscribers.clear();
    }
    this.tokenOf.clear();
  }

  private readonly settledChannels = new Set<StreamChannel>();
  /** What a stream resuming after an id is sent first, per payload version (dropped with that version). */
  private readonly resumeMessages = new WeakMap<CompiledPayload, Map<number, Promise<Buffer | undefined>>>();

  private channel(environment: string, audience: Audience): Promise<StreamChannel> {
    const key = `${audience}\u0000${environment}`;
    let channel = this.channels.get(key);
    if (channel === undefined) {
      channel = this.payloads.latest(environment, audience).then((current) => {
        const created = new StreamChannel(
          environment,
          audience,
          current,
          this.payloads,
          (subscribers, message) => this.send(subscribers, message),
          (error) => this.options.onError?.(error),
        );
        this.settledChannels.add(created);
        return created;
      });
      this.channels.set(key, channel);
      // A failed first compile (unknown environment) must not stick.
      channel.catch(() => this.channels.delete(key));
    }
    return channel;
  }

  private firstMessage(base: CompiledPayload, request: StreamRequest): Promise<Buffer | undefined> {
    const afterSeq = request.lastEventId;
    if (afterSeq === null || request.format === "growthbook") return Promise.resolve(fullMessage(base, request.format));
    // A restart brings the whole fleet back at once with the same Last-Event-ID: what they missed is worked out
    // (store queries, one serialized patch) once per version and id, and shared, instead of once per stream.
    let byId = this.resumeMessages.get(base);
    if (byId === undefined) {
      byId = new Map();
      this.resumeMessages.set(base, byId);
    }
    const shared = byId.get(afterSeq);
    if (shared !== undefined) return shared;
    const message = this.resumeMessage(base, afterSeq);
    // Ids are the client's to choose: only a bounded number per version are remembered.
    if (byId.size < MAX_SHARED_RESUMES) {
      const remembered = byId;
      remembered.set(afterSeq, message);
      message.catch(() => remembered.delete(afterSeq));
    }
    return message;
  }

  private async resumeMessage(base: CompiledPayload, afterSeq: number): Promise<Buffer | undefined> {
    const delta = await this.payloads.deltaSince(afterSeq, base);
    if (delta.kind === "none") return undefined;
    return delta.kind === "patch" ? patchMessage(base.seq, delta.features) : payloadMessage(base);
  }

  private committed(): void {
    for (const channel of this.settledChannels) {
      if (channel.subscribers.size > 0) void channel.refresh();
    }
  }

  private beat(): void {
    for (const channel of this.settledChannels) this.send(channel.subscribers, HEARTBEAT);
  }

  private send(subscribers: Iterable<StreamSubscriber>, message: Buffer): void {
    for (const subscriber of subscribers) {
      if (subscriber.writableLength > this.maxBufferedBytes) {
        this.disconnect(subscriber);
        subscriber.destroy();
        continue;
      }
      subscriber.write(message);
    }
  }
}

function fullMessage(compiled: CompiledPayload, format: StreamFormat): Buffer {
  return format === "growthbook" ? growthbookFeaturesMessage(compiled) : payloadMessage(compiled);
}
