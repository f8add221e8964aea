import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Upstream } from "./upstream.js";

/** Writes a minimal HTTP error answer on a raw client socket and closes it. */
export function refuseUpgrade(socket: Duplex, status: 502 | 503 | 504, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * Tunnels an `Upgrade` request (WebSocket and the like) to a backend over a fresh TCP connection: the request head
 * is written as received (plus `X-Forwarded-*`), then bytes flow both ways untouched until either side closes.
 */
export function tunnelUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  upstream: Upstream,
  forward: readonly string[],
  connectTimeoutMs: number,
  onEnd: (failed: boolean) => void,
): void {
  const backend: Socket = connect({ host: upstream.host, port: upstream.port });
  let connected = false;
  let ended = false;
  const end = (failed: boolean): void => {
    if (ended) return;
    ended = true;
    onEnd(failed);
  };
  backend.setNoDelay(true);
  backend.setTimeout(connectTimeoutMs, () => {
    if (connected) return;
    backend.destroy();
    refuseUpgrade(client, 504, "Gateway Timeout");
    end(true);
  });
  backend.once("connect", () => {
    connected = true;
    backend.setTimeout(0);
    backend.write(requestHead(req, forward));
    if (head.length > 0) backend.write(head);
    backend.pipe(client);
    client.pipe(backend);
  });
  backend.once("error", () => {
    if (!connected) {
      upstream.eject();
      refuseUpgrade(client, 502, "Bad Gateway");
    } else {
      client.destroy();
    }
    end(!connected);
  });
  client.once("error", () => backend.destroy());
  backend.once("close", () => {
    client.destroy();
    end(false);
  });
  client.once("close", () => backend.destroy());
}

function requestHead(req: IncomingMessage, forward: readonly string[]): string {
  let head = `${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1\r\n`;
  for (let i = 0; i < forward.length; i += 2) head += `${forward[i]}: ${forward[i + 1]}\r\n`;
  return `${head}\r\n`;
}
