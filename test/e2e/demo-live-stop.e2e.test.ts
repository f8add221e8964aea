import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Ctrl-C in the middle of `switchboard demo --live`: the process ends, its server stops answering, and the
// temporary data folder is gone.
const bin = fileURLToPath(new URL("../../packages/cli/bin/switchboard.js", import.meta.url));

describe("switchboard demo --live, stopped with Ctrl-C", () => {
  it("leaves nothing running and removes its data folder", async () => {
    const child = spawn(process.execPath, [bin, "demo", "--live", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!/the shop is open/.test(output)) {
      if (Date.now() > deadline) {
        child.kill("SIGINT");
        throw new Error(`the shop did not open:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const url = /Switchboard at (http:\/\/\S+)/.exec(output)?.[1] ?? "";
    const folder = /data folder (\/\S+)/.exec(output)?.[1] ?? "";
    expect(existsSync(folder)).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("nothing left running");
    expect(existsSync(folder)).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 120_000);
});
