import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataFolder, PID_FILE } from "./data-folder-lock.js";
import { StartupError } from "./startup-error.js";

const folder = () => mkdtemp(join(tmpdir(), "switchboard-lock-"));

describe("lockDataFolder", () => {
  it("names this process in server.pid until released", async () => {
    const dir = await folder();
    const lock = await lockDataFolder(dir);
    expect((await readFile(join(dir, PID_FILE), "utf8")).trim()).toBe(String(process.pid));
    await lock.release();
    await expect(readFile(join(dir, PID_FILE), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("refuses a folder whose server.pid names a running process, naming its PID", async () => {
    const dir = await folder();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    try {
      await writeFile(join(dir, PID_FILE), `${other.pid}\n`);
      const refused = lockDataFolder(dir);
      await expect(refused).rejects.toBeInstanceOf(StartupError);
      await expect(refused).rejects.toThrow(`another server uses this data folder: PID ${other.pid} holds ${dir}`);
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("takes over a server.pid left by a process that is gone (kill -9, a crash)", async () => {
    const dir = await folder();
    const gone = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid;
    await writeFile(join(dir, PID_FILE), `${gone}\n`);
    const lock = await lockDataFolder(dir);
    expect((await readFile(join(dir, PID_FILE), "utf8")).trim()).toBe(String(process.pid));
    await lock.release();
  });
});
