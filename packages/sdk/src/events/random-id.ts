/** A random id (UUID v4 when the platform has `crypto.randomUUID`), for what must not collide across processes. */
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

// 96 random bits per process (or page) make a collision between two of them negligible; the counter keeps ids
// within one process distinct. A UUID per item costs more CPU and 20 more bytes on the wire.
let prefix: string | undefined;
let counter = 0;

/** A unique item id: a random per-process prefix and a counter (`"3f9c…e1-1a2b"`). */
export function itemId(): string {
  if (prefix === undefined) prefix = randomId().replace(/-/g, "").slice(0, 24);
  counter++;
  return `${prefix}-${counter.toString(36)}`;
}
