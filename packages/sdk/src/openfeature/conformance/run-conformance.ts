import { readFileSync } from "node:fs";
import { ConformanceWorld } from "./conformance-world.js";
import { defineContextSteps } from "./context-steps.js";
import { defineEvaluationSteps } from "./evaluation-steps.js";
import { createServerDriver, createWebDriver } from "./flag-drivers.js";
import { type GherkinScenario, parseFeature } from "./gherkin-parser.js";
import { defineLegacySteps } from "./legacy-steps.js";
import { NOT_APPLICABLE, NOT_APPLICABLE_FILES, type NotApplicable } from "./not-applicable.js";
import { StepRegistry } from "./step-registry.js";

/** The OpenFeature specification's gherkin files this suite runs. */
export const FEATURE_FILES = [
  "evaluation.feature",
  "evaluation_v2.feature",
  "contextMerging.feature",
  "hooks.feature",
  "metadata.feature",
] as const;

/** The outcome of one scenario on one SDK. */
export interface ScenarioReport {
  sdk: "server" | "web";
  file: string;
  scenario: string;
  status: "passed" | "failed" | "not applicable";
  /** Why it does not apply, or why it failed. */
  detail?: string;
  /** Listed as not applicable, yet passed: the list is out of date. */
  listedNotApplicable?: boolean;
}

const FEATURE_DIR = new URL("../../../conformance/openfeature/", import.meta.url);

function createSteps(): StepRegistry<ConformanceWorld> {
  const steps = new StepRegistry<ConformanceWorld>();
  defineEvaluationSteps(steps);
  defineLegacySteps(steps);
  defineContextSteps(steps);
  return steps;
}

function listing(sdk: string, file: string, scenario: string): NotApplicable | undefined {
  const applies = (entry: NotApplicable) => (entry.sdk ?? sdk) === sdk && entry.file === file;
  return (
    NOT_APPLICABLE_FILES.find(applies) ??
    NOT_APPLICABLE.find((entry) => applies(entry) && scenario.startsWith(entry.scenario))
  );
}

async function runScenario(sdk: "server" | "web", steps: StepRegistry<ConformanceWorld>, scenario: GherkinScenario) {
  const driver = sdk === "server" ? createServerDriver() : createWebDriver();
  const world = new ConformanceWorld(driver);
  try {
    for (const step of scenario.steps) await steps.run(world, step);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await driver.close();
  }
}

/** Runs every scenario of the feature files on one SDK with the Switchboard provider, one report per scenario. */
export async function runConformance(sdk: "server" | "web", files: readonly string[] = FEATURE_FILES) {
  const steps = createSteps();
  const reports: ScenarioReport[] = [];
  for (const file of files) {
    for (const scenario of parseFeature(readFileSync(new URL(file, FEATURE_DIR), "utf8"))) {
      const failure = await runScenario(sdk, steps, scenario);
      const listed = listing(sdk, file, scenario.name);
      const report: ScenarioReport = { sdk, file, scenario: scenario.name, status: "passed" };
      if (failure === undefined && listed !== undefined) report.listedNotApplicable = true;
      if (failure !== undefined && listed !== undefined)
        Object.assign(report, { status: "not applicable", detail: listed.reason });
      if (failure !== undefined && listed === undefined) Object.assign(report, { status: "failed", detail: failure });
      reports.push(report);
    }
  }
  return reports;
}

/** One line per SDK and feature file: `server evaluation_v2.feature: 80 passed, 3 not applicable, 0 failed`. */
export function summarize(reports: readonly ScenarioReport[]): string[] {
  const counts = new Map<string, Record<ScenarioReport["status"], number>>();
  for (const report of reports) {
    const key = `${report.sdk} ${report.file}`;
    const count = counts.get(key) ?? { passed: 0, "not applicable": 0, failed: 0 };
    count[report.status]++;
    counts.set(key, count);
  }
  return [...counts].map(
    ([key, count]) =>
      `${key}: ${count.passed} passed, ${count["not applicable"]} not applicable, ${count.failed} failed`,
  );
}
