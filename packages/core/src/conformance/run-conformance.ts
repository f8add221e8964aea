import { isJsonObject } from "../evaluate/clone-json.js";
import type { CaseOutcome, CaseRunner, SectionReport } from "./conformance-types.js";
import { EVALUATOR_SECTIONS } from "./evaluator-sections.js";
import { UTILITY_SECTIONS } from "./utility-sections.js";

/** Sections we knowingly do not run, with the reason reported for each of their cases. */
export const NOT_SUPPORTED_SECTIONS: Readonly<Record<string, string>> = {
  urlRedirect: "URL redirects of visual-editor experiments are a browser feature the evaluator does not implement",
};

const RUNNERS: Readonly<Record<string, CaseRunner>> = { ...UTILITY_SECTIONS, ...EVALUATOR_SECTIONS };

/** Sections of a cases file that are not lists of cases. */
const METADATA = new Set(["specVersion", "versionCompare"]);

/**
 * Runs a GrowthBook-format conformance file (`cases.json`) through our code, section by section, comparing each
 * outcome the way GrowthBook's own suite does. Unknown and unsupported sections are reported, never dropped.
 */
export async function runConformance(cases: unknown): Promise<SectionReport[]> {
  if (!isJsonObject(cases)) throw new TypeError("a conformance file must be a JSON object of sections");
  const reports: SectionReport[] = [];
  for (const [section, entries] of Object.entries(cases)) {
    if (METADATA.has(section) || !Array.isArray(entries)) continue;
    reports.push(await runSection(section, entries));
  }
  return reports;
}

async function runSection(section: string, entries: readonly unknown[]): Promise<SectionReport> {
  const runner = RUNNERS[section];
  const unsupported = NOT_SUPPORTED_SECTIONS[section] ?? (runner === undefined ? "unknown section" : undefined);
  const cases: CaseOutcome[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    const testCase = Array.isArray(entry) ? entry : [entry];
    const name = typeof testCase[0] === "string" ? testCase[0] : `#${index}`;
    if (unsupported !== undefined || runner === undefined) {
      cases.push({ index, name, status: "notSupported", message: unsupported ?? "unknown section" });
      continue;
    }
    cases.push(await runCase(runner, testCase, index, name));
  }
  return {
    section,
    passed: cases.filter((c) => c.status === "passed").length,
    failed: cases.filter((c) => c.status === "failed").length,
    notSupported: cases.filter((c) => c.status === "notSupported").length,
    cases,
  };
}

async function runCase(
  runner: CaseRunner,
  testCase: readonly unknown[],
  index: number,
  name: string,
): Promise<CaseOutcome> {
  try {
    const difference = await runner(testCase);
    return difference === null
      ? { index, name, status: "passed" }
      : { index, name, status: "failed", message: difference };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { index, name, status: "failed", message: `threw ${message}` };
  }
}
