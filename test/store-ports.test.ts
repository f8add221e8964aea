import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

// Features name the config-store ports they use (DocumentStore, ChangeLog, ...), never the whole `ConfigStore`, so
// the store can grow a port without every feature growing a dependency. Only the composition of the control plane
// (`ServiceDeps`' default) and the HTTP app's dependencies name the whole.
const serverSrc = join(import.meta.dirname, "..", "packages", "server", "src");
const featureFolders = ["control-plane", "auth", "sdk-serving", "traffic"];
const wholeStoreAllowed = new Set(["control-plane/service-deps.ts"]);

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testing" ? [] : productionFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe("narrow storage ports", () => {
  test.each(featureFolders)("%s depends on config-store ports, not on the whole ConfigStore", (folder) => {
    const offending = productionFiles(join(serverSrc, folder))
      .map((file) => relative(serverSrc, file))
      .filter((file) => !wholeStoreAllowed.has(file))
      .filter((file) => /(?<![A-Za-z])ConfigStore\b/.test(readFileSync(join(serverSrc, file), "utf8")));
    expect(offending).toEqual([]);
  });
});
