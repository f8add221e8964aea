import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { guest, seasonality } from "./guests.js";

const bin = fileURLToPath(new URL("../../../bin/switchboard.js", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, SWITCHBOARD_TOKEN: "" } });

describe("switchboard demo --live, its usage", () => {
  test("--help names the live options", () => {
    const result = run("demo", "--help");
    expect(result.status).toBe(0);
    for (const option of ["--live", "--speed", "--port", "--url", "--token", "--exit"]) {
      expect(result.stdout).toContain(option);
    }
  });

  test("bad values are usage errors (exit 2) before anything starts", () => {
    expect(run("demo", "--live", "--speed", "0").status).toBe(2);
    expect(run("demo", "--live", "--port", "70000").status).toBe(2);
    const noToken = run("demo", "--live", "--url", "http://127.0.0.1:9");
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain("--token");
  });
});

describe("the demo's guests and seasonality", () => {
  test("a guest is the same person every time, and the mix has several countries and systems", () => {
    expect(guest(42)).toEqual(guest(42));
    const mix = Array.from({ length: 400 }, (_, n) => guest(n));
    expect(new Set(mix.map((g) => g.country)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(mix.map((g) => g.os)).size).toBe(4);
    expect(mix.some((g) => g.country === "jp" && g.os === "macOS")).toBe(true);
  });

  test("evenings are busier than nights, weekends busier than weekdays", () => {
    const monday = (hour: number) => new Date(Date.UTC(2026, 11, 7, hour));
    expect(seasonality(monday(19))).toBeGreaterThan(2 * seasonality(monday(4)));
    expect(seasonality(new Date(Date.UTC(2026, 11, 12, 19)))).toBeGreaterThan(seasonality(monday(19)));
  });
});
