import { type BackoffPolicy, backoffDelayMs, probeDelayMs } from "./backoff.js";
import { type Scheduler, sleep } from "./scheduler.js";
import { fetchPayload, RequestFailure, readStream, type ServerTarget } from "./server-requests.js";
import { type SseEvent, SseParser } from "./sse-parser.js";

/** What the loop does with what it receives; `apply*` throw on a rejected body. */
export interface UpdateSink {
  applyPayload(text: string): void;
  applyPatch(text: string): void;
  /** The server answered: a stream opened, or a poll succeeded (a 304 included). */
  connected(): void;
  /** A request failed; `kind` names the step (`stream-http`, `poll-network`, …). */
  failed(kind: string, failure: RequestFailure): void;
  reportError(kind: string, message: string, cause?: unknown): void;
}

/** The loop's settings, resolved from the client options. */
export interface UpdateSettings {
  mode: "stream" | "poll" | "none";
  pollIntervalMs: number;
  backoff: BackoffPolicy;
  /** Let the server's `retry:` hint set the first reconnection delay (when the host chose none). */
  useRetryHint: boolean;
  /** A stream silent for this long (no heartbeat) is presumed dead and reopened. */
  idleTimeoutMs: number;
  /** Consecutive streams that delivered nothing before falling back to polling. */
  fallbackAfterFailures: number;
  /** While polling, how often to try streaming again when the server is reachable. */
  streamRetryMs: number;
}

/**
 * Keeps the payload current: an SSE stream that resumes with `Last-Event-ID` and reconnects with backoff,
 * falling back to ETag polling when streams keep failing. It never throws; problems go to `reportError`.
 */
export class UpdateLoop {
  readonly #target: ServerTarget;
  readonly #settings: UpdateSettings;
  readonly #sink: UpdateSink;
  readonly #scheduler: Scheduler;
  readonly #stop = new AbortController();
  #lastEventId: string | undefined;
  #etag: string | undefined;
  #retryHintMs: number | undefined;
  #attempt = 0;
  /** When the server stopped answering at all (refused, reset, a gateway's 502–504); undefined while it answers. */
  #unreachableSinceMs: number | undefined;
  #streamFailures = 0;
  #pollingSinceMs: number | undefined;
  #unreachableWhilePolling = false;
  #quickRetryUsed = false;
  #done: Promise<void> | undefined;

  constructor(target: ServerTarget, settings: UpdateSettings, sink: UpdateSink, scheduler: Scheduler) {
    this.#target = target;
    this.#settings = settings;
    this.#sink = sink;
    this.#scheduler = scheduler;
  }

  /** Whether the loop currently polls instead of streaming. */
  get polling(): boolean {
    return this.#settings.mode !== "stream" || this.#pollingSinceMs !== undefined;
  }

  start(): void {
    this.#done ??= this.#run().catch((error: unknown) => this.#sink.reportError("loop", String(error), error));
  }

  /** Stops the loop and waits for the connection in flight to close. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#done;
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      const delayMs = this.polling ? await this.#pollStep() : await this.#streamStep();
      if (delayMs === undefined) return;
      await sleep(this.#scheduler, delayMs, signal);
    }
  }

  /** One stream connection; returns the delay before the next step. */
  async #streamStep(): Promise<number> {
    let received = 0;
    let failure: RequestFailure | undefined;
    try {
      received = await this.#streamOnce();
    } catch (error) {
      failure = error instanceof RequestFailure ? error : new RequestFailure("network", String(error));
    }
    if (this.#stop.signal.aborted) return 0;
    if (failure !== undefined) this.#sink.failed(`stream-${failure.kind}`, failure);
    // A stream that carried anything (events, the retry hint, a heartbeat) worked; one that ended empty or got an
    // error answer did not, and several in a row mean streaming does not get through (a buffering proxy). A refused
    // connection says nothing about streaming: the server is down, and polling it would be refused too. So the
    // client keeps probing with the stream and returns on it, resuming with Last-Event-ID: a server with nothing
    // new answers with the `retry:` hint alone, where a poll would send the full payload and the stream after it
    // would send it again.
    if (received > 0 && failure?.kind !== "data") {
      this.#attempt = 0;
      this.#streamFailures = 0;
      this.#quickRetryUsed = false;
    } else if (!isNoAnswer(failure)) {
      this.#streamFailures++;
      if (this.#streamFailures >= this.#settings.fallbackAfterFailures) return this.#fallBack();
    }
    return this.#delayAfter(failure);
  }

  /**
   * The wait before the next attempt: quick jittered probes while the server does not answer at all (so a
   * restart costs at most a probe interval once it is back), exponential backoff from the `retry:` hint otherwise.
   */
  #delayAfter(failure: RequestFailure | undefined): number {
    const random = () => this.#scheduler.random();
    if (failure?.unreachable !== true) {
      this.#unreachableSinceMs = undefined;
      return backoffDelayMs(this.#attempt++, this.#policy(), random);
    }
    const now = this.#scheduler.nowMs();
    this.#unreachableSinceMs ??= now;
    const probe = probeDelayMs(now - this.#unreachableSinceMs, this.#settings.backoff, random);
    return probe ?? backoffDelayMs(this.#attempt++, this.#policy(), random);
  }

  #fallBack(): number {
    this.#pollingSinceMs = this.#scheduler.nowMs();
    this.#unreachableWhilePolling = false;
    this.#streamFailures = 0;
    this.#sink.reportError("fallback", "streaming keeps failing: polling for changes instead");
    return 0;
  }

  async #streamOnce(): Promise<number> {
    const connection = new AbortController();
    const onStop = () => connection.abort();
    this.#stop.signal.addEventListener("abort", onStop, { once: true });
    let idle: unknown;
    let idledOut = false;
    const arm = () => {
      this.#scheduler.clearTimeout(idle);
      idle = this.#scheduler.setTimeout(() => {
        idledOut = true;
        connection.abort();
      }, this.#settings.idleTimeoutMs);
    };
    const parser = new SseParser();
    let received = 0;
    const onChunk = () => {
      received++;
      arm();
    };
    try {
      arm();
      const options = {
        lastEventId: this.#lastEventId,
        signal: connection.signal,
        onChunk,
        onOpen: () => this.#sink.connected(),
      };
      await readStream(this.#target, options, parser, (event) => this.#apply(event));
      if (idledOut) throw new RequestFailure("network", `stream silent for ${this.#settings.idleTimeoutMs} ms`);
      return received;
    } catch (error) {
      if (received > 0 && error instanceof RequestFailure && error.kind === "network") return received;
      throw error;
    } finally {
      this.#retryHintMs = parser.retryMs ?? this.#retryHintMs;
      this.#scheduler.clearTimeout(idle);
      this.#stop.signal.removeEventListener("abort", onStop);
      connection.abort();
    }
  }

  #apply(event: SseEvent): void {
    try {
      if (event.event === "payload") this.#sink.applyPayload(event.data);
      else if (event.event === "patch") this.#sink.applyPatch(event.data);
      else return;
    } catch (error) {
      // Drop the stream without advancing the id: resuming re-sends what this event should have carried.
      throw new RequestFailure("data", error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (event.id !== undefined) this.#lastEventId = event.id;
    this.#etag = undefined;
  }

  /** One poll; returns the delay before the next step, `undefined` when updates are off and a payload arrived. */
  async #pollStep(): Promise<number | undefined> {
    try {
      const answer = await fetchPayload(this.#target, this.#etag, this.#stop.signal);
      this.#sink.connected();
      if (answer !== undefined) this.#acceptPolled(answer.text, answer.etag);
    } catch (error) {
      if (this.#stop.signal.aborted) return 0;
      const failure = error instanceof RequestFailure ? error : new RequestFailure("network", String(error));
      this.#sink.failed(`poll-${failure.kind}`, failure);
      if (failure.kind === "network" || failure.unreachable) this.#unreachableWhilePolling = true;
      return this.#delayAfter(failure);
    }
    this.#attempt = 0;
    this.#unreachableSinceMs = undefined;
    if (this.#settings.mode === "none") return undefined;
    if (this.#shouldRetryStream()) {
      this.#pollingSinceMs = undefined;
      return 0;
    }
    return this.#settings.pollIntervalMs;
  }

  #acceptPolled(text: string, etag: string | undefined): void {
    try {
      this.#sink.applyPayload(text);
    } catch (error) {
      throw new RequestFailure("data", error instanceof Error ? error.message : String(error), { cause: error });
    }
    this.#etag = etag;
    this.#lastEventId = undefined;
  }

  #shouldRetryStream(): boolean {
    if (this.#settings.mode !== "stream" || this.#pollingSinceMs === undefined) return false;
    // The server was unreachable and answers again (a restart): streams failed for that reason, stream again now.
    // Once per streaming episode also without that evidence, so a restart shorter than the fallback is no
    // reason to poll for minutes; a proxy that keeps cutting streams then only costs a retry every streamRetryMs.
    if (this.#unreachableWhilePolling || !this.#quickRetryUsed) {
      this.#quickRetryUsed = true;
      return true;
    }
    return this.#scheduler.nowMs() - this.#pollingSinceMs >= this.#settings.streamRetryMs;
  }

  #policy(): BackoffPolicy {
    const hinted = this.#retryHintMs;
    if (hinted === undefined || !this.#settings.useRetryHint) return this.#settings.backoff;
    return { ...this.#settings.backoff, initialDelayMs: Math.min(hinted, this.#settings.backoff.maxDelayMs) };
  }
}

/** Whether nothing answered at all (refused, reset), as opposed to an error status or an empty stream. */
function isNoAnswer(failure: RequestFailure | undefined): boolean {
  return failure !== undefined && failure.kind === "network" && failure.unreachable;
}
