/** One dispatched Server-Sent Event. */
export interface SseEvent {
  /** The event type; `message` when the server named none. */
  event: string;
  data: string;
  /** The last event id seen on this stream so far (ids persist across events, per the SSE spec). */
  id: string | undefined;
}

/**
 * An incremental parser of the `text/event-stream` format (WHATWG HTML §9.2.6): feed it decoded text in any
 * chunking; it returns the events completed by each chunk and remembers the last `id` and `retry`.
 */
export class SseParser {
  lastEventId: string | undefined;
  retryMs: number | undefined;
  #buffer = "";
  #event = "";
  #data: string[] = [];
  #sawField = false;
  #first = true;
  #afterCr = false;

  /** Parses a chunk of text and returns the events it completed. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    // A CR that ended the previous chunk may be the first half of a CRLF.
    if (this.#afterCr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.#afterCr = false;
    text = this.#buffer + text;
    if (this.#first && text.length > 0) {
      this.#first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.#line(text.slice(start, i), events);
      if (code === 13) {
        if (i === text.length - 1) this.#afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.#buffer = text.slice(start);
    return events;
  }

  #line(line: string, events: SseEvent[]): void {
    if (line === "") {
      this.#dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" starts a comment (heartbeats)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "event") {
      this.#event = value;
      this.#sawField = true;
    } else if (field === "data") {
      this.#data.push(value);
      this.#sawField = true;
    } else if (field === "id") {
      if (!value.includes("\0")) this.lastEventId = value;
    } else if (field === "retry") {
      if (/^\d+$/.test(value)) this.retryMs = Number(value);
    }
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#sawField && this.#data.length > 0) {
      events.push({ event: this.#event || "message", data: this.#data.join("\n"), id: this.lastEventId });
    }
    this.#event = "";
    this.#data = [];
    this.#sawField = false;
  }
}
