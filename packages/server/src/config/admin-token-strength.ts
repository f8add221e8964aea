/** A chosen admin secret must be at least this long: with 16 or more possible characters, that is ≥ 128 bits. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 10;
const MIN_ESTIMATED_BITS = 128;

/** Why a chosen `SWITCHBOARD_ADMIN_TOKEN` is too easy to guess, or undefined when it is strong enough. */
export function adminTokenWeakness(secret: string): string | undefined {
  const characters = [...secret];
  const distinct = new Set(characters).size;
  if (
    characters.length >= MIN_ADMIN_TOKEN_LENGTH &&
    distinct >= MIN_DISTINCT_CHARACTERS &&
    estimatedBits(secret) >= MIN_ESTIMATED_BITS
  ) {
    return undefined;
  }
  return (
    `SWITCHBOARD_ADMIN_TOKEN is too easy to guess: it needs at least ${MIN_ADMIN_TOKEN_LENGTH} characters, ` +
    `${MIN_DISTINCT_CHARACTERS} of them different (about ${MIN_ESTIMATED_BITS} bits); ` +
    "generate one with `openssl rand -base64 32`, or leave it out and copy the generated token printed on first start"
  );
}

// An upper bound from the character classes used: it cannot tell a passphrase from random text, so the length
// and variety minimums above do the real work.
function estimatedBits(secret: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(secret)) alphabet += 26;
  if (/[A-Z]/.test(secret)) alphabet += 26;
  if (/[0-9]/.test(secret)) alphabet += 10;
  if (/[^A-Za-z0-9]/.test(secret)) alphabet += 33;
  return [...secret].length * Math.log2(Math.max(alphabet, 1));
}
