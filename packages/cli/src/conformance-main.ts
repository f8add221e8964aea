#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { runConformance, type SectionReport } from "@switchboard/core";

const USAGE = "usage: npm run conformance -- <cases.json>";

function readCases(file: string | undefined): unknown {
  if (!file) throw new UsageError(`no cases file given\n${USAGE}`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

class UsageError extends Error {}

function printReports(reports: readonly SectionReport[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  let notSupported = 0;
  for (const report of reports) {
    const extra = report.notSupported ? `, ${report.notSupported} not supported` : "";
    console.log(`${report.section}: ${report.passed} passed, ${report.failed} failed${extra}`);
    for (const outcome of report.cases) {
      if (outcome.status === "failed")
        console.log(`  ✗ ${report.section}[${outcome.index}] ${outcome.name}: ${outcome.message}`);
    }
    passed += report.passed;
    failed += report.failed;
    notSupported += report.notSupported;
  }
  if (notSupported) {
    const sections = reports.filter((r) => r.notSupported).map((r) => `${r.section} (${r.notSupported})`);
    console.log(`${notSupported} not supported: ${sections.join(", ")}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return { passed, failed };
}

async function main(argv: readonly string[]): Promise<number> {
  let cases: unknown;
  try {
    cases = readCases(argv[0]);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  let reports: SectionReport[];
  try {
    reports = await runConformance(cases);
  } catch (error) {
    console.error(`${argv[0]}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  return printReports(reports).failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
