import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { guest, seasonality } from "./guests.js";
import { STEP_PAUSE_MS, speedNote, stepPauseMs } from "./pacing.js";

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

  test("--help says what --speed speeds (the pauses between steps) and what it does not (the monitor's minutes)", () => {
    const help = run("demo", "--help").stdout.replace(/\s+/g, " ");
    expect(help).toContain("divide the pauses between the rollout steps by n (not the monitor's minutes)");
    expect(help).toContain("What --speed speeds: only the 6-second pauses between the rollout steps");
    expect(help).toContain("the monitor reads whole minutes of real time");
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

describe("the story's pacing under --speed", () => {
  test("the pauses between rollout steps are divided by the speed, and the help's 6 seconds are the real pause", () => {
    expect(STEP_PAUSE_MS).toBe(6_000);
    expect(stepPauseMs(1)).toBe(6_000);
    expect(stepPauseMs(4)).toBe(1_500);
    expect(stepPauseMs(50)).toBe(120);
  });

  test("the story says at its start that the monitor's minutes stay real minutes", () => {
    expect(speedNote(1)).toBeUndefined();
    expect(speedNote(4)).toBe(
      "--speed 4: the pauses between rollout steps last 1.5 s instead of 6 s; the monitor still reads whole minutes of real time, so the incident takes about three minutes",
    );
  });
});
