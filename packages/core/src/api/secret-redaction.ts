/** What stands for the hidden part of a secret the API shows: `…` then its last four characters. */
export const REDACTION_MARK = "…";

/** How many trailing characters of a secret are shown, so a person can tell two secrets apart. */
const SHOWN_CHARS = 4;

/**
 * A secret as the API shows it: `…` and its last four characters; for a URL (a Slack incoming webhook), its origin
 * too (`https://hooks.slack.com/…Xy12`), so that a person sees where it points without seeing the credential.
 */
export function redactSecret(secret: string, kind: "text" | "url" = "text"): string {
  const tail = secret.length > SHOWN_CHARS * 3 ? secret.slice(-SHOWN_CHARS) : "";
  if (kind === "url") {
    const origin = /^(https?:\/\/[^/?#]+)/i.exec(secret)?.[1];
    if (origin !== undefined) return `${origin}/${REDACTION_MARK}${tail}`;
  }
  return `${REDACTION_MARK}${tail}`;
}

/** True for a value in the redacted form: sent back unchanged, it means "keep the stored secret". */
export function isRedacted(value: string): boolean {
  return value.includes(REDACTION_MARK);
}
