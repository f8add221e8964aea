import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";

/** One parsed Server-Sent Event (comments are kept as `event: "comment"`). */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
  retry: number | undefined;
}

/** A minimal SSE reader over node:http for tests: collects events and waits for the next ones. */
export class SseTestClient {
  readonly events: SseEvent[] = [];
  ended = false;
  private buffer = "";
  private waiters: (() => void)[] = [];

  private constructor(
    readonly response: IncomingMessage,
    private readonly request: ClientRequest,
  ) {
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => this.receive(chunk));
    response.on("close", () => {
      this.ended = true;
      this.wake();
    });
  }

  /** Opens a stream; resolves once the response headers arrived. */
  static open(url: string, headers: Record<string, string>): Promise<SseTestClient> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(url, { headers: { accept: "text/event-stream", ...headers } });
      request.on("response", (response) => resolve(new SseTestClient(response, request)));
      request.on("error", reject);
      request.end();
    });
  }

  /** Waits until at least `count` events (comments included) arrived, or the stream ended. */
  async waitFor(count: number, timeoutMs = 5000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${count} events; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  close(): void {
    this.request.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\n\n");
    while (end >= 0) {
      this.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf("\n\n");
    }
    this.wake();
  }

  private parse(block: string): void {
    const event: SseEvent = { event: "message", id: undefined, data: "", retry: undefined };
    let fields = 0;
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        this.events.push({ event: "comment", id: undefined, data: line.slice(1), retry: undefined });
        continue;
      }
      const colon = line.indexOf(":");
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      fields++;
      if (name === "event") event.event = value;
      else if (name === "id") event.id = value;
      else if (name === "data") event.data += value;
      else if (name === "retry") event.retry = Number(value);
    }
    if (fields > 0) this.events.push(event);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
