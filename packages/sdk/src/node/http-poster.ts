import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { BatchPoster, PostAnswer } from "../events/batch-poster.js";

// Kept-alive connections, as fetch keeps them: a batch every few hundred requests reuses one socket. Idle sockets
// are unreferenced by the agent, so they never keep a process alive.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * Event batches over `node:http(s)`: the same request as the `fetch` poster (POST, headers, body, a timeout) at a
 * third of its CPU per batch, which is most of what delivering a wide event costs a Node server.
 */
export const nodeHttpPoster: BatchPoster = (url, headers, body, timeoutMs) =>
  new Promise<PostAnswer>((resolve, reject) => {
    // The sender's body is bytes (see BatchBytes); a string body is made bytes once, not measured and then
    // encoded again by the socket.
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    const https = url.startsWith("https:");
    let answered = false;
    const request = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        agent: https ? httpsAgent : httpAgent,
        headers: { ...headers, "content-length": String(bytes.byteLength) },
      },
      (response) => {
        answered = true;
        // As with fetch's poster, the status decides: an answer whose body breaks off reads as empty.
        const answer = (text: string) => {
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0, retryAfter: headerOf(response), text });
          // An answer that came before the whole body was written (a refusal): the body's bytes are reused once the
          // attempt settles, so the request must not go on reading them.
          if (!request.writableFinished) request.destroy();
        };
        readText(response).then(answer, () => answer(""));
      },
    );
    // A deadline for the whole attempt, answer included, as `AbortSignal.timeout` gives the fetch poster; like that
    // one, it does not keep the process alive.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    deadline.unref();
    // Once the status is in, the answer settles the attempt (see above); an error before it is a failed attempt.
    request.on("error", (error) => {
      if (answered) return;
      clearTimeout(deadline);
      reject(error);
    });
    request.end(bytes);
  });

function headerOf(response: IncomingMessage): string | null {
  const value = response.headers["retry-after"];
  return typeof value === "string" ? value : null;
}

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      text += chunk;
    });
    response.on("end", () => resolve(text));
    response.on("error", reject);
    // Cut short (the deadline, a reset): no `end`, and not always an `error`.
    response.on("close", () => {
      if (!response.complete) reject(new Error("the answer was interrupted"));
    });
  });
}
