/**
 * Seed and size of the robustness suites. The defaults keep `npm test` within a few minutes on 2 cores;
 * `SWITCHBOARD_ROBUSTNESS_SCALE=10` multiplies every sample count for a longer local run, and
 * `SWITCHBOARD_ROBUSTNESS_SEED` replays a failing run.
 */
export interface RobustnessSettings {
  seed: number;
  scale: number;
}

/** Reads the settings once; a malformed value falls back to the default rather than silently meaning 0. */
export function robustnessSettings(): RobustnessSettings {
  const seed = Number(process.env["SWITCHBOARD_ROBUSTNESS_SEED"] ?? 20261201);
  const scale = Number(process.env["SWITCHBOARD_ROBUSTNESS_SCALE"] ?? 1);
  return {
    seed: Number.isSafeInteger(seed) ? seed : 20261201,
    scale: Number.isFinite(scale) && scale > 0 ? scale : 1,
  };
}

/** `base` samples at the configured scale (at least one). */
export function scaled(base: number, settings: RobustnessSettings = robustnessSettings()): number {
  return Math.max(1, Math.round(base * settings.scale));
}
