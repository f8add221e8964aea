import { createHmac, randomBytes } from "node:crypto";

/**
 * Standard Webhooks v1 symmetric signature: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the
 * bytes of the `whsec_<base64>` secret.
 */
export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** A new `whsec_` secret of 32 random bytes (what the docs suggest to put in a webhook channel). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
