import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const fixtures = fileURLToPath(new URL("./fixtures/summary-reporter/", import.meta.url));

it("counts tests that never ran, files that failed to load and failed tear-downs as failed", () => {
  const run = spawnSync("npx", ["vitest", "run", "--config", `${fixtures}vitest.config.ts`], {
    cwd: fixtures,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  const output = run.stdout + run.stderr;
  expect(run.status).not.toBe(0);
  expect(output).toContain("setup-fails.fixture.ts > a suite whose set-up fails > never runs 1");
  expect(output).toContain("fails-to-load.fixture.ts: ");
  expect(output).toContain("teardown-fails.fixture.ts: tear-down broke");
  expect(output).toContain("1 skipped (not counted as passed)");
  // 2 never ran + 1 file that did not load + 1 failed tear-down.
  expect(output.trimEnd().split("\n").at(-1)).toBe("2 passed, 4 failed");
});
