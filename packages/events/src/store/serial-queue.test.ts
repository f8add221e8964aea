import { describe, expect, it } from "vitest";
import { SerialQueue } from "./serial-queue.js";

describe("SerialQueue", () => {
  it("never overlaps tasks and keeps their order, even when one fails", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) =>
      queue.run(async () => {
        running++;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task("a"), task("b", true), task("c")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("idle waits for tasks submitted while waiting", async () => {
    const queue = new SerialQueue();
    const done: string[] = [];
    void queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      void queue.run(async () => {
        done.push("second");
      });
      done.push("first");
    });
    await queue.idle();
    expect(done).toEqual(["first", "second"]);
  });
});
