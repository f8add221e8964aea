import { type Flag, formatPath, type PathSegment, type Problem, validateFlagSet } from "@switchboard/core";
import { validationFailed } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";

/**
 * Validates one flag against the model and the rest of the stored flag set (environments, segments and
 * prerequisite flags must exist) and returns it with its defaults filled, or throws VALIDATION_FAILED with every
 * problem, its path relative to the flag (e.g. `environments.production.rules[0].serve`).
 */
export async function checkFlag(store: DocumentStore, key: string, flag: unknown): Promise<Flag> {
  const [environments, segments, referenced] = await Promise.all([
    store.listDocuments("environment"),
    store.listDocuments("segment"),
    referencedFlags(store, key, flag),
  ]);
  // Only names matter to the flag's own checks, so segments stand in as empty conditions.
  const result = validateFlagSet({
    version: 1,
    environments: environments.map((doc) => doc.key),
    segments: Object.fromEntries(segments.map((doc) => [doc.key, { condition: {} }])),
    flags: { ...referenced, [key]: flag },
  });
  if (result.ok) {
    const checked = result.value.flags[key];
    if (checked !== undefined) return checked;
  }
  const problems = result.ok ? [] : problemsUnder(["flags", key], result.problems);
  throw validationFailed(problems.length > 0 ? problems : [{ path: "", message: "is not a valid flag" }]);
}

/** The stored, active flags named as prerequisites anywhere in `flag`. */
async function referencedFlags(store: DocumentStore, key: string, flag: unknown): Promise<Record<string, Flag>> {
  const names = new Set<string>();
  for (const environment of Object.values(asRecord(asRecord(flag)["environments"]))) {
    for (const rule of asArray(asRecord(environment)["rules"])) {
      for (const prerequisite of asArray(asRecord(rule)["prerequisites"])) {
        const name = asRecord(prerequisite)["flag"];
        if (typeof name === "string" && name !== key) names.add(name);
      }
    }
  }
  const found: Record<string, Flag> = {};
  for (const name of names) {
    const doc = await store.getDocument<Flag>("flag", name);
    if (doc !== undefined && !doc.archived) found[name] = doc.body;
  }
  return found;
}

/** The problems inside one part of a flag set, with paths relative to that part. */
export function problemsUnder(part: readonly PathSegment[], problems: readonly Problem[]): Problem[] {
  const prefix = formatPath(part);
  return problems.flatMap((problem) => {
    if (problem.path === prefix) return [{ path: "", message: problem.message }];
    if (problem.path.startsWith(`${prefix}.`)) return [{ ...problem, path: problem.path.slice(prefix.length + 1) }];
    if (problem.path.startsWith(`${prefix}[`)) return [{ ...problem, path: problem.path.slice(prefix.length) }];
    return [];
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
