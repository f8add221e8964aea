/**
 * Decrypts one encrypted part of an SDK payload (`encryptedFeatures` or `encryptedSavedGroups`): GrowthBook's
 * AES-CBC format `"<iv>.<ciphertext>"`, both base64, with a base64 key. Uses WebCrypto, so it runs in browsers
 * and in Node 20 alike. Throws an `Error` naming the problem when the key, format or ciphertext is bad.
 *
 * @example const json = await decryptPayloadPart(payload.encryptedFeatures, sdkDecryptionKey);
 */
export async function decryptPayloadPart(encrypted: string, key: string): Promise<string> {
  const parts = encrypted.split(".");
  if (parts.length !== 2) throw new Error('encrypted payload must have the form "<iv>.<ciphertext>" (base64)');
  const [ivText = "", cipherText = ""] = parts;
  const keyBytes = decodeBase64(key, "decryption key");
  if (keyBytes.length !== 16 && keyBytes.length !== 24 && keyBytes.length !== 32) {
    throw new Error(`decryption key must be 16, 24 or 32 bytes of base64 (got ${keyBytes.length} bytes)`);
  }
  const iv = decodeBase64(ivText, "initialisation vector");
  if (iv.length !== 16) throw new Error(`initialisation vector must be 16 bytes (got ${iv.length})`);
  const data = decodeBase64(cipherText, "ciphertext");
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error("WebCrypto (crypto.subtle) is not available in this runtime");
  const cryptoKey = await subtle.importKey("raw", keyBytes, { name: "AES-CBC" }, false, ["decrypt"]);
  let plain: ArrayBuffer;
  try {
    plain = await subtle.decrypt({ name: "AES-CBC", iv }, cryptoKey, data);
  } catch {
    throw new Error("decryption failed: wrong key or corrupted ciphertext");
  }
  try {
    // Fatal decoding: a wrong key that happens to leave valid padding still yields bytes that are not UTF-8.
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw new Error("decryption failed: the result is not UTF-8 text (wrong key?)");
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string, what: string): Uint8Array<ArrayBuffer> {
  if (text === "" || !BASE64.test(text)) throw new Error(`${what} is not valid base64`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`${what} is not valid base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
