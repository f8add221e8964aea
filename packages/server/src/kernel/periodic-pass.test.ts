import { describe, expect, it } from "vitest";
import { startPeriodicPass } from "./periodic-pass.js";

describe("startPeriodicPass", () => {
  it("never overlaps passes, runs at start when asked, and stop waits for the pass in progress", async () => {
    let running = 0;
    let passes = 0;
    let finished = 0;
    const periodic = startPeriodicPass({
      intervalMs: 5,
      initial: 0,
      runAtStart: true,
      pass: async () => {
        running++;
        expect(running).toBe(1);
        passes++;
        await new Promise((resolve) => setTimeout(resolve, 15));
        running--;
        finished++;
        return passes;
      },
    });
    const [a, b] = await Promise.all([periodic.runOnce(), periodic.runOnce()]);
    expect(b).toBeGreaterThan(a);
    await periodic.stop();
    expect(running).toBe(0);
    const settled = finished;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(finished).toBe(settled);
  });

  it("hands failures of timer-started passes to onError and keeps going", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const periodic = startPeriodicPass({
      intervalMs: 5,
      initial: undefined,
      onError: (error) => errors.push(error),
      pass: async () => {
        calls++;
        if (calls === 1) throw new Error("first pass fails");
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await periodic.stop();
    expect(errors).toHaveLength(1);
    expect(calls).toBeGreaterThan(1);
  });
});
