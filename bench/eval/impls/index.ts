import type { EvalImpl } from "../eval-impl.js";
import type { ImplName } from "../workloads.js";

/** Loads one implementation by name; lazily, so a measuring process holds no other library in its heap. */
export const loadImpl: Record<ImplName, () => Promise<EvalImpl>> = {
  switchboard: async () => (await import("./switchboard.js")).switchboardImpl,
  growthbook: async () => (await import("./growthbook.js")).growthBookImpl,
  unleash: async () => (await import("./unleash.js")).unleashImpl,
  flagd: async () => (await import("./flagd.js")).flagdImpl,
  floor: async () => (await import("./floor.js")).floorImpl,
};
