import type { LintReport } from "../lint/finding.js";

/** A report for people: one block per finding, with the advice and, for MySQL, the online schema change commands. */
export function formatText(report: LintReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    if (file.error) {
      out.push(`${file.file}: cannot lint: ${file.error}`);
      continue;
    }
    if (file.statements.length === 0) out.push(`${file.file}: no SQL statements`);
    for (const finding of file.findings) {
      out.push(
        `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.ruleId}: ${finding.message}`,
      );
      out.push(`  advice: ${finding.advice}`);
      const osc = finding.onlineSchemaChange;
      if (osc) {
        out.push(
          `  gh-ost (${osc.ghost.eligible ? "can run it" : "cannot run it"}${osc.ghost.reasons.length ? `: ${osc.ghost.reasons.join("; ")}` : ""}):`,
        );
        out.push(`    ${osc.ghost.command}`);
        out.push(
          `  pt-online-schema-change (${osc.ptOsc.eligible ? "can run it" : "cannot run it"}${osc.ptOsc.reasons.length ? `: ${osc.ptOsc.reasons.join("; ")}` : ""}):`,
        );
        out.push(`    ${osc.ptOsc.command}`);
      }
    }
    if (file.suppressed.length > 0)
      out.push(`${file.file}: ${file.suppressed.length} finding(s) suppressed with a reason`);
  }
  const s = report.summary;
  out.push(
    `${s.files} file(s), ${s.statements} statement(s) (${s.parsed} parsed, ${s.unparsed} not understood): ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info — ${report.dialect} ${report.version}`,
  );
  return `${out.join("\n")}\n`;
}
