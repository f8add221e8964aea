import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/**
 * `npm test`'s pretest step, run with a PATH of stand-ins: a fake `id` decides whether we are root, a fake `apt-get`
 * records how it was called (nothing is ever installed or removed), and fake tools make a program "present".
 */
const script = fileURLToPath(new URL("../scripts/ensure-test-tools.sh", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function machine(options: { uid: number; aptGet: boolean; tools: string[] }): { bin: string; aptLog: string } {
  const bin = mkdtempSync(join(tmpdir(), "sb-tools-"));
  dirs.push(bin);
  const aptLog = join(bin, "apt-get.log");
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub("id", `echo ${options.uid}`);
  // Records its arguments, the frontend it was given and whether stdin was a terminal it could wait on.
  const stdin = "if [[ -t 0 ]]; then t=tty; else t=no-tty; fi";
  if (options.aptGet) stub("apt-get", `${stdin}; echo "$* | $DEBIAN_FRONTEND | $t" >> ${aptLog}`);
  for (const tool of options.tools) stub(tool, "exit 0");
  return { bin, aptLog };
}

function run(bin: string, args: string[] = []) {
  const result = spawnSync("/bin/bash", [script, ...args], {
    encoding: "utf8",
    // Only the stand-ins: the real chromium and haproxy of this machine must not be found. The PostgreSQL check is
    // pointed elsewhere, so these cases depend on nothing but the stand-ins.
    env: { PATH: bin, CI: "true", SWITCHBOARD_TEST_POSTGRES_URL: "postgres://stand-in" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/ensure-test-tools.sh (npm test's pretest)", () => {
  it("stops at once with the exact command when the tools are missing and it may not install", () => {
    const { bin, aptLog } = machine({ uid: 1000, aptGet: true, tools: [] });
    const result = run(bin);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("chromium (the dashboard tests drive a headless Chromium)");
    expect(result.stderr).toContain("haproxy (the traffic tests start a real HAProxy)");
    expect(result.stderr).toContain("\n  sudo apt-get install -y chromium haproxy\n");
    expect(existsSync(aptLog)).toBe(false);
  });

  it("names only what is missing", () => {
    const { bin } = machine({ uid: 1000, aptGet: true, tools: ["chromium"] });
    const result = run(bin);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("\n  sudo apt-get install -y haproxy\n");
    expect(result.stderr).not.toContain("chromium");
  });

  it("as root without apt-get, prints the command instead of failing inside it", () => {
    const { bin } = machine({ uid: 0, aptGet: false, tools: [] });
    const result = run(bin);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("\n  apt-get install -y chromium haproxy\n");
    expect(result.stderr).not.toContain("sudo");
  });

  it("as root with apt-get, installs Debian's packages without asking (no terminal, non-interactive)", () => {
    const { bin, aptLog } = machine({ uid: 0, aptGet: true, tools: [] });
    const result = run(bin);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("installing");
    expect(readFileSync(aptLog, "utf8")).toBe("install -y chromium haproxy | noninteractive | no-tty\n");
  });

  it("does nothing when everything is there; --bench (what .ci/run passes) adds wrk", () => {
    const { bin, aptLog } = machine({ uid: 0, aptGet: true, tools: ["chromium", "haproxy"] });
    expect(run(bin)).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(existsSync(aptLog)).toBe(false);
    expect(run(bin, ["--bench"]).status).toBe(0);
    expect(readFileSync(aptLog, "utf8")).toBe("install -y wrk | noninteractive | no-tty\n");
  });

  it("refuses a SWITCHBOARD_CHROMIUM that is not a program, rather than installing another browser", () => {
    const { bin, aptLog } = machine({ uid: 0, aptGet: true, tools: ["haproxy"] });
    const result = spawnSync("/bin/bash", [script], {
      encoding: "utf8",
      env: { PATH: bin, SWITCHBOARD_CHROMIUM: join(bin, "no-such-chromium"), SWITCHBOARD_TEST_POSTGRES_URL: "x" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("SWITCHBOARD_CHROMIUM=");
    expect(existsSync(aptLog)).toBe(false);
  });

  it("is npm test's pretest step and the step .ci/run takes", () => {
    const root = fileURLToPath(new URL("../", import.meta.url));
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts["pretest"]).toBe("bash scripts/ensure-test-tools.sh");
    const ci = readFileSync(join(root, ".ci/run"), "utf8");
    expect(ci).toContain("scripts/ensure-test-tools.sh --bench");
    expect(ci).not.toMatch(/apt-get install/);
  });
});
