import { rules } from "../rules/catalogue.js";
import type { Rule } from "../rules/rule.js";

const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

function renderRule(rule: Rule): string {
  const parts = [
    `### ${rule.id}`,
    `**${rule.title}** · ${rule.category} · default severity **${rule.defaultSeverity}** · ${rule.dialects.join(", ")}`,
    rule.rationale,
    `**Instead:** ${rule.advice}`,
  ];
  for (const [family, example] of Object.entries(rule.examples)) {
    if (!example) continue;
    const label = family === "postgres" ? "PostgreSQL" : "MySQL / MariaDB";
    if (example.setup) parts.push(`${label}, given:`, fence("sql", example.setup));
    parts.push(`${label}, flagged:`, fence("sql", example.bad), `${label}, instead:`, fence("sql", example.good));
  }
  return parts.join("\n\n");
}

/** The rule catalogue page, generated from the rules' own metadata (docs/sqlcheck-rules.md). */
export function renderCatalogue(): string {
  const index = rules.map(
    (rule) =>
      `| [\`${rule.id}\`](#${rule.id}) | ${rule.category} | ${rule.defaultSeverity} | ${rule.dialects.join(", ")} | ${rule.title} |`,
  );
  return [
    "# SQL migration rules",
    "",
    "<!-- Generated from the rules' metadata by `npx tsx packages/sqlcheck/scripts/generate-catalogue.ts`; a test checks it is current. -->",
    "",
    `${rules.length} rules. Every *instead* example is applied to a real MariaDB and PostgreSQL server by the tests (after its *given* setup), and every *flagged* example is checked to be flagged. Change a rule's severity in the config file (\`"rules": { "<id>": "error" | "warning" | "info" | "off" }\`) and suppress one finding with \`-- switchboard-ignore <rule-id>: <reason>\` on the line before the statement. How to run the linter: [sqlcheck.md](sqlcheck.md).`,
    "",
    "| rule | category | severity | dialects | what |",
    "|---|---|---|---|---|",
    ...index,
    "",
    ...rules.map((rule) => `${renderRule(rule)}\n`),
  ].join("\n");
}
