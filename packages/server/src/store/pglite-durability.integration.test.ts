import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openConfigStore } from "./open-config-store.js";

const STORE_MODULE = new URL("./open-config-store.ts", import.meta.url).href;
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

// The writer acknowledges a write on stdout only after the store resolved it, like a server answering 2xx.
const WRITER = `
const { openConfigStore } = await import(${JSON.stringify(STORE_MODULE)});
const store = await openConfigStore({ dataDir: process.argv[1] });
process.stdout.write("ready\\n");
for (let i = 0; ; i++) {
  const key = "durable-" + i;
  await store.createDocument("flag", key, { i }, { actor: "writer", action: "flag.create" });
  process.stdout.write("ack " + key + "\\n");
}
`;

function startWriter(dataDir: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", WRITER, dataDir], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

describe("PGlite durability", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("keeps every acknowledged write after kill -9 in the middle of a burst", { timeout: 90_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "switchboard-durability-"));
    dirs.push(dataDir);
    const child = startWriter(dataDir);
    const acked: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const drained = new Promise<void>((resolve) => lines.on("close", resolve));
    const enough = new Promise<void>((resolve, reject) => {
      child.on("exit", () => reject(new Error(`The writer exited early after ${acked.length} writes.`)));
      lines.on("line", (line) => {
        if (line.startsWith("ack ")) acked.push(line.slice(4));
        if (acked.length === 40) resolve();
      });
    });
    await enough;
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    // Acknowledgements still in the pipe when the process died count too.
    await drained;
    const ackedAtKill = [...acked];

    const store = await openConfigStore({ dataDir });
    try {
      const stored = new Set((await store.listDocuments("flag")).map((d) => d.key));
      const missing = ackedAtKill.filter((key) => !stored.has(key));
      expect(missing).toEqual([]);
      const logged = await store.listChanges({ actor: "writer", limit: 1000 });
      expect(logged.length).toBeGreaterThanOrEqual(ackedAtKill.length);
      // The store still takes writes after the crash.
      await store.createDocument("flag", "after-crash", {}, { actor: "test", action: "flag.create" });
    } finally {
      await store.close();
    }
  });
});
