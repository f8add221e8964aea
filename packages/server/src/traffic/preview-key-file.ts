import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The server's preview key in `dataDir/traffic-preview.key`, created on first start (only its owner may read it). */
export async function loadPreviewKey(dataDir: string): Promise<string> {
  const path = join(dataDir, "traffic-preview.key");
  try {
    return (await readFile(path, "utf8")).trim();
  } catch {
    const key = randomBytes(32).toString("hex");
    // `wx`: when two servers start on one directory at once, the second reads what the first wrote.
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: "wx" }).catch(() => undefined);
    return (await readFile(path, "utf8")).trim();
  }
}
