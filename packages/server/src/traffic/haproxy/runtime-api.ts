import { connect } from "node:net";

/** Where HAProxy's Runtime API listens: a unix socket path (contains `/`) or `host:port`. */
function runtimeApiAddress(address: string): { path: string } | { host: string; port: number } {
  if (address.includes("/")) return { path: address };
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at).replace(/^ipv4@/, ""), port: Number(address.slice(at + 1)) };
}

/**
 * Sends commands to HAProxy's Runtime API in one connection (non-interactive mode: `cmd1; cmd2`, then HAProxy
 * answers and closes) and returns the whole answer. Throws when the socket fails or the answer is too slow.
 */
export function runtimeCommand(address: string, commands: readonly string[], timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(runtimeApiAddress(address));
    const chunks: Buffer[] = [];
    const timer = setTimeout(
      () => socket.destroy(new Error(`HAProxy runtime API ${address} did not answer`)),
      timeoutMs,
    );
    socket.on("connect", () => socket.end(`${commands.join(";")}\n`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
}

/** Answers of commands that change state are empty on success; anything else is HAProxy explaining a failure. */
export function assertQuiet(answer: string, what: string): void {
  const text = answer.trim();
  if (text !== "") throw new Error(`HAProxy refused ${what}: ${text.split("\n")[0]}`);
}
