import type { LintReport } from "../lint/finding.js";
import { rules } from "../rules/catalogue.js";

const levels = { error: "error", warning: "warning", info: "note" } as const;

/**
 * SARIF 2.1.0, the format code hosts read to show findings inline on a pull request (GitHub code scanning, GitLab,
 * Azure DevOps). Every rule is described in the driver; results point at file, line and column.
 */
export function formatSarif(report: LintReport, toolVersion: string): object {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "switchboard-sqlcheck",
            version: toolVersion,
            informationUri: "https://github.com/switchboard-dev/switchboard/blob/main/docs/sqlcheck-rules.md",
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: { text: rule.advice },
              helpUri: `https://github.com/switchboard-dev/switchboard/blob/main/docs/sqlcheck-rules.md#${rule.id}`,
              defaultConfiguration: { level: levels[rule.defaultSeverity] },
              properties: { category: rule.category },
            })),
          },
        },
        results: report.files.flatMap((file) =>
          file.findings.map((finding) => ({
            ruleId: finding.ruleId,
            level: levels[finding.severity],
            message: { text: `${finding.message} ${finding.advice}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: finding.file.replace(/\\/g, "/") },
                  region: { startLine: finding.line, startColumn: finding.column },
                },
              },
            ],
          })),
        ),
        invocations: report.files
          .filter((file) => file.error)
          .map((file) => ({
            executionSuccessful: false,
            toolExecutionNotifications: [{ level: "error", message: { text: file.error } }],
          })),
      },
    ],
  };
}
