import type { Flag } from "@switchboard/core";
import type { DocumentStore } from "../../store/index.js";

/** A rule of another flag that needs this one. */
export interface Dependent {
  flag: string;
  environment: string;
  rule: string;
  /** The variation of this flag the rule requires. */
  is: string;
}

/** Every rule of another active flag with `key` as a prerequisite. */
export async function findDependents(store: DocumentStore, key: string): Promise<Dependent[]> {
  const found: Dependent[] = [];
  for (const doc of await store.listDocuments<Flag>("flag")) {
    if (doc.key === key) continue;
    for (const [environment, settings] of Object.entries(doc.body.environments ?? {})) {
      for (const rule of settings.rules ?? []) {
        for (const prerequisite of rule.prerequisites ?? []) {
          if (prerequisite.flag === key) found.push({ flag: doc.key, environment, rule: rule.id, is: prerequisite.is });
        }
      }
    }
  }
  return found;
}

/** Every rule of another active flag that uses segment `name`. */
export async function findSegmentUsers(store: DocumentStore, name: string): Promise<Omit<Dependent, "is">[]> {
  const found: Omit<Dependent, "is">[] = [];
  for (const doc of await store.listDocuments<Flag>("flag")) {
    for (const [environment, settings] of Object.entries(doc.body.environments ?? {})) {
      for (const rule of settings.rules ?? []) {
        if (rule.segments?.includes(name)) found.push({ flag: doc.key, environment, rule: rule.id });
      }
    }
  }
  return found;
}

/** "checkout (production, rule beta)", for messages. */
export function describeUsers(users: readonly Omit<Dependent, "is">[]): string {
  return users.map((user) => `${user.flag} (${user.environment}, rule ${user.rule})`).join(", ");
}
