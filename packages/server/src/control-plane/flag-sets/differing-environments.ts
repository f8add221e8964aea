import type { Flag, Segment } from "@switchboard/core";

/** The environments a change of one flag makes a difference in: all of them when fields outside environments change. */
export function differingEnvironments({ before, after }: { before: Flag | null; after: Flag | null }): string[] {
  const names = [...new Set([...Object.keys(before?.environments ?? {}), ...Object.keys(after?.environments ?? {})])];
  if (before === null || after === null) return names;
  const global = JSON.stringify({ ...before, environments: null }) !== JSON.stringify({ ...after, environments: null });
  return names.filter(
    (name) => global || JSON.stringify(before.environments?.[name]) !== JSON.stringify(after.environments?.[name]),
  );
}

/** The environments where a flag's rule uses segment `name`. */
export function environmentsUsingSegment(flags: readonly Flag[], name: string): string[] {
  return flags.flatMap((flag) =>
    Object.entries(flag.environments ?? {}).flatMap(([environment, settings]) =>
      (settings.rules ?? []).some((rule) => rule.segments?.includes(name) === true) ? [environment] : [],
    ),
  );
}

/**
 * The environments a change of one segment makes a difference in: where a flag uses it, before or after the change
 * set (none when its content is the same).
 */
export function segmentEnvironments(
  change: { key: string; before: Segment | null; after: Segment | null },
  flagsBefore: readonly Flag[],
  flagsAfter: readonly Flag[],
): string[] {
  if (JSON.stringify(change.before) === JSON.stringify(change.after)) return [];
  return [
    ...new Set([
      ...environmentsUsingSegment(flagsBefore, change.key),
      ...environmentsUsingSegment(flagsAfter, change.key),
    ]),
  ];
}
