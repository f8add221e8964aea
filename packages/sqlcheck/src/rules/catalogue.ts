import { compatibilityRules } from "./compatibility-rules.js";
import { designRules } from "./design-rules.js";
import { hygieneRules } from "./hygiene-rules.js";
import { psqlMetaCommand, suppressionWithoutReason, unparsedStatement } from "./meta-rules.js";
import { mysqlLockingRules } from "./mysql-rules.js";
import { postgresLockingRules } from "./postgres-locking-rules.js";
import type { Rule } from "./rule.js";

/** Every rule, in the order the catalogue lists them. Ids are stable: configs and suppressions refer to them. */
export const rules: readonly Rule[] = [
  ...compatibilityRules,
  ...postgresLockingRules,
  ...mysqlLockingRules,
  ...designRules,
  ...hygieneRules,
  unparsedStatement,
  psqlMetaCommand,
  suppressionWithoutReason,
];

const byId = new Map(rules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
