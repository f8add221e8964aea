import { decryptPayloadPart } from "../payload/decrypt.js";
import type { SdkPayload } from "../payload/payload-types.js";
import { parsePayload } from "./parse-payload.js";
import { PayloadError } from "./payload-error.js";

async function decryptJson(encrypted: string, key: string, field: string): Promise<unknown> {
  let text: string;
  try {
    text = await decryptPayloadPart(encrypted, key);
  } catch (error) {
    throw new PayloadError(field, `cannot be decrypted (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new PayloadError(field, "decrypts to text that is not JSON (wrong key?)");
  }
}

/**
 * Decrypts `encryptedFeatures` and `encryptedSavedGroups` into `features` and `savedGroups`, and validates the
 * result like `parsePayload`. Fails as a whole (`PayloadError`) when a part cannot be decrypted.
 */
export async function decryptPayload(payload: SdkPayload, key: string): Promise<SdkPayload> {
  const { encryptedFeatures, encryptedSavedGroups, ...rest } = payload;
  const decrypted: Record<string, unknown> = { ...rest };
  if (encryptedFeatures !== undefined) {
    decrypted["features"] = await decryptJson(encryptedFeatures, key, "encryptedFeatures");
  }
  if (encryptedSavedGroups !== undefined) {
    decrypted["savedGroups"] = await decryptJson(encryptedSavedGroups, key, "encryptedSavedGroups");
  }
  return parsePayload(decrypted);
}
