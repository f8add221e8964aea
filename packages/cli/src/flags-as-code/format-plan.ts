import type { FlagPlan, PlanEntry } from "./flag-plan.js";
import { planCounts, segmentCounts } from "./flag-plan.js";
import type { JsonDifference } from "./json-differences.js";

const SIGN: Record<PlanEntry["op"], string> = { create: "+", update: "~", archive: "-", unchanged: " " };

/**
 * A plan as a person reviews it: one block per flag that changes, grouped by environment, each difference as
 * `path: before → after`; then the flags left alone and the totals.
 */
export function formatPlan(plan: FlagPlan): string {
  const lines: string[] = [];
  for (const entry of plan.segments) {
    if (entry.op === "unchanged") continue;
    const version = entry.expectedVersion === null ? "new" : `version ${entry.expectedVersion}`;
    lines.push(`${SIGN[entry.op]} segment ${entry.key}: ${entry.op} (${version})`);
    if (entry.op === "update")
      lines.push(...entry.differences.map((d) => `      ${d.path}: ${valueText(d.before)} → ${valueText(d.after)}`));
  }
  for (const entry of plan.entries) {
    if (entry.op === "unchanged") continue;
    const version = entry.expectedVersion === null ? "new" : `version ${entry.expectedVersion}`;
    lines.push(`${SIGN[entry.op]} flag ${entry.key}: ${entry.op} (${version})`);
    if (entry.op === "update") lines.push(...groupedDifferences(entry.differences));
  }
  if (plan.unmanaged.length > 0)
    lines.push(`  not in the files, left alone (--prune archives them): ${plan.unmanaged.join(", ")}`);
  if (plan.unmanagedSegments.length > 0)
    lines.push(`  segments not in the files, left alone: ${plan.unmanagedSegments.join(", ")}`);
  const counts = planCounts(plan);
  const segments = segmentCounts(plan);
  const segmentChanges = segments.create + segments.update + segments.archive;
  const summary =
    counts.create + counts.update + counts.archive + segmentChanges === 0
      ? `No changes: the server matches the files (${counts.unchanged} flags${plan.segments.length > 0 ? `, ${segments.unchanged} segments` : ""}).`
      : `Plan: ${counts.create} to create, ${counts.update} to change, ${counts.archive} to archive, ${counts.unchanged} unchanged.`;
  const segmentSummary =
    segmentChanges === 0
      ? []
      : [
          `Segments: ${segments.create} to create, ${segments.update} to change, ${segments.archive} to archive, ${segments.unchanged} unchanged.`,
        ];
  return [...lines, summary, ...segmentSummary].join("\n");
}

export function groupedDifferences(differences: readonly JsonDifference[]): string[] {
  const byEnvironment = new Map<string, JsonDifference[]>();
  for (const difference of differences) {
    const match = /^environments\.([^.[]+)(.*)$/.exec(difference.path);
    const group = match === null ? "(all environments)" : `in ${match[1]}`;
    const path = match === null ? difference.path : (match[2] ?? "").replace(/^\./, "") || "(the whole environment)";
    byEnvironment.set(group, [...(byEnvironment.get(group) ?? []), { ...difference, path }]);
  }
  return [...byEnvironment].flatMap(([group, items]) => [
    `    ${group}:`,
    ...items.map((d) => `      ${d.path}: ${valueText(d.before)} → ${valueText(d.after)}`),
  ]);
}

function valueText(value: unknown): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
