import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { NOT_SUPPORTED_SECTIONS, runConformance } from "./run-conformance.js";

const casesUrl = new URL("../../conformance/growthbook/cases.json", import.meta.url);
const cases = JSON.parse(readFileSync(casesUrl, "utf8")) as Record<string, unknown>;
const reports = await runConformance(cases);

describe.each(reports.map((report) => [report.section, report] as const))(
  "GrowthBook conformance: %s",
  (section, report) => {
    const size = (cases[section] as unknown[]).length;

    if (section in NOT_SUPPORTED_SECTIONS) {
      test("every case is reported as not supported, none dropped", () => {
        expect(report.notSupported).toBe(size);
      });
      return;
    }

    test("runs every case of the section", () => {
      expect(report.passed + report.failed).toBe(size);
      expect(report.notSupported).toBe(0);
    });

    test.each(report.cases.map((c) => [`[${c.index}] ${c.name}`, c] as const))("%s", (_name, outcome) => {
      expect(outcome.message ?? "").toBe("");
      expect(outcome.status).toBe("passed");
    });
  },
);
