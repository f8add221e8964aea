import { request } from "node:http";

/**
 * Announces a body of `announcedBytes` but sends only its first kilobyte and never ends it; resolves with the
 * answer's status, or "no answer" after `waitMs`. A server that reads a body before checking the caller cannot
 * answer at all.
 */
export function startUnfinishedUpload(
  port: number,
  path: string,
  headers: Record<string, string>,
  options: { announcedBytes?: number; waitMs?: number } = {},
): Promise<number | "no answer"> {
  const { announcedBytes = 15 * 1024 * 1024, waitMs = 3_000 } = options;
  return new Promise((resolve) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(announcedBytes), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("no answer");
    }, waitMs);
    req.once("response", (response) => {
      clearTimeout(timer);
      response.resume();
      req.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.once("error", () => undefined);
    req.write(Buffer.alloc(1024, "["));
  });
}
