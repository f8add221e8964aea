/** A random id (UUID v4 when the platform has `crypto.randomUUID`), unique enough to deduplicate retried items. */
export function randomId(): string {
  const webCrypto = globalThis.crypto as Crypto | undefined;
  if (webCrypto !== undefined && typeof webCrypto.randomUUID === "function") return webCrypto.randomUUID();
  // Insecure contexts in browsers lack randomUUID; uniqueness is all an item id needs.
  let id = "";
  for (let i = 0; i < 4; i++)
    id += Math.floor(Math.random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, "0");
  return id;
}
