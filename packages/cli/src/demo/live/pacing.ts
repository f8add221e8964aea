/**
 * The story's pacing: what `--speed` shortens and what it cannot.
 *
 * `--speed N` divides the reading pauses between the rollout steps (dark release, serve-me, 5 %, 25 %) by N. It
 * does not compress time: the shop's guests visit in real time, and the monitor reads whole minutes of real time
 * (its predictions compare each minute with the same minutes of earlier weeks), so the incident's minute, its
 * detection, the kill and the first whole minute after it take about three real minutes at any speed. Running the
 * server on a faster clock would move every timestamp (changes, alerts, events) away from the events the SDK
 * stamps, which is not the product a user runs.
 */
export const STEP_PAUSE_MS = 6_000;

/** The pause between two rollout steps at `speed`. */
export function stepPauseMs(speed: number): number {
  return STEP_PAUSE_MS / speed;
}

/** The one line the story prints about `--speed` when it is not 1. */
export function speedNote(speed: number): string | undefined {
  if (speed === 1) return undefined;
  return `--speed ${speed}: the pauses between rollout steps last ${round(stepPauseMs(speed) / 1000)} s instead of ${STEP_PAUSE_MS / 1000} s; the monitor still reads whole minutes of real time, so the incident takes about three minutes`;
}

function round(seconds: number): string {
  return String(Math.round(seconds * 100) / 100);
}
