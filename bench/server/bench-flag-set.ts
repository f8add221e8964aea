import type { Flag, Segment } from "@switchboard/core";

/** The flag used for propagation writes: killed and re-enabled in turn. */
export const TOGGLED_FLAG = "flag-000";

/** A realistic mid-sized flag set: `count` flags (a third client-visible), a condition and an id-list segment. */
export function benchFlagSet(count: number): { flags: Record<string, Flag>; segments: Record<string, Segment> } {
  const segments: Record<string, Segment> = {
    staff: { condition: { email: { $regex: "@switchboard\\.dev$" } } },
    "beta-testers": { attribute: "id", ids: Array.from({ length: 200 }, (_, index) => `user-${index}`) },
  };
  const flags: Record<string, Flag> = {};
  for (let index = 0; index < count; index++) {
    const key = `flag-${String(index).padStart(3, "0")}`;
    flags[key] = {
      description: `Bench flag ${index}.`,
      type: "boolean",
      defaultVariation: "off",
      clientVisible: index % 3 === 0,
      environments: {
        production: {
          rules: [
            { id: "staff", kind: "force", segments: ["staff"], serve: "on" },
            ...(index % 5 === 0
              ? [{ id: "beta", kind: "force" as const, segments: ["beta-testers"], serve: "on" }]
              : []),
            { id: "ramp", kind: "ramp", serve: "on", percent: (index * 7) % 100 },
          ],
        },
      },
    };
  }
  return { flags, segments };
}
