// Plain HTTP calls from a chosen local address (127.0.0.x), so one machine can act as many clients.
import { request } from "node:http";

/** An answer's status and body. */
export interface BenchAnswer {
  status: number;
  body: string;
}

/** Sends one request to `base` from `localAddress` with a bearer `token`. */
export function call(
  base: string,
  method: string,
  path: string,
  token: string,
  options: { localAddress?: string; body?: unknown } = {},
): Promise<BenchAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${base}${path}`,
      {
        method,
        localAddress: options.localAddress ?? "127.0.0.1",
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

/** How often each status occurred, e.g. `{ "401": 20, "429": 80 }`. */
export function countStatuses(answers: readonly BenchAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of answers) counts[String(status)] = (counts[String(status)] ?? 0) + 1;
  return counts;
}
