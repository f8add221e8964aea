import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parsePayload, type SdkPayload } from "@switchboard/core";
import type { PayloadCache } from "../client/client-types.js";

/** Where `cache: true` keeps the last good payload in Node, relative to the working directory. */
export const DEFAULT_CACHE_PATH = "./.switchboard-sdk-cache.json";

/**
 * A `PayloadCache` in a JSON file. Writes go to a temporary file renamed over the old one, so a crash
 * mid-write leaves the previous payload intact and a reader never sees half a file.
 */
export class FilePayloadCache implements PayloadCache {
  readonly path: string;

  constructor(path: string = DEFAULT_CACHE_PATH) {
    this.path = resolve(path);
  }

  async read(): Promise<SdkPayload | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return parsePayload(text);
  }

  async write(payload: SdkPayload): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(payload));
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
