import { connect, type Socket } from "node:net";

/** A TCP connection to a listening app that records every byte the server sends and when it closed. */
export interface RawConnection {
  socket: Socket;
  /** Everything received so far, as text. */
  received(): string;
  /** Milliseconds after opening at which the server closed (or reset) the connection; null while open. */
  closedAfterMs(): number | null;
  /** Resolves when the connection has closed, or with null when `timeoutMs` passed first. */
  closed(timeoutMs: number): Promise<number | null>;
  /** Resolves once the received text matches `pattern`, or rejects after `timeoutMs`. */
  receivedMatching(pattern: RegExp, timeoutMs: number): Promise<string>;
}

/** Opens a raw connection to `127.0.0.1:port` and resolves once connected. */
export async function openRawConnection(port: number): Promise<RawConnection> {
  const socket = connect({ host: "127.0.0.1", port });
  const openedAt = Date.now();
  let text = "";
  let closedAt: number | null = null;
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    text += chunk;
  });
  socket.on("error", () => undefined);
  const closed = new Promise<number>((resolve) =>
    socket.once("close", () => {
      closedAt = Date.now() - openedAt;
      resolve(closedAt);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const within = <T>(promise: Promise<T>, timeoutMs: number, fallback: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        try {
          resolve(fallback());
        } catch (error) {
          reject(error);
        }
      }, timeoutMs);
      promise.then((value) => {
        clearTimeout(timer);
        resolve(value);
      }, reject);
    });
  return {
    socket,
    received: () => text,
    closedAfterMs: () => closedAt,
    closed: (timeoutMs) => within<number | null>(closed, timeoutMs, () => null),
    receivedMatching: (pattern, timeoutMs) => {
      const matched = new Promise<string>((resolve) => {
        const check = (): void => {
          if (!pattern.test(text)) return;
          socket.off("data", check);
          resolve(text);
        };
        socket.on("data", check);
        check();
      });
      return within(matched, timeoutMs, () => {
        throw new Error(`no ${pattern} within ${timeoutMs} ms; received: ${JSON.stringify(text)}`);
      });
    },
  };
}

/** The status code and JSON body of the first HTTP answer in raw received text. */
export function firstAnswer(text: string): { status: number; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? Number.NaN);
  const headEnd = text.indexOf("\r\n\r\n");
  const length = Number(/\r\ncontent-length: (\d+)/i.exec(text.slice(0, headEnd))?.[1] ?? 0);
  const raw = text.slice(headEnd + 4, headEnd + 4 + length);
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: the raw text is what the test gets to look at.
  }
  return { status, body };
}
