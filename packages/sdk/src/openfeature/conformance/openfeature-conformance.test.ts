import { describe, expect, it } from "vitest";
import { runConformance, summarize } from "./run-conformance.js";

const reports = [...(await runConformance("server")), ...(await runConformance("web"))];
console.log(summarize(reports).join("\n"));

describe("OpenFeature specification scenarios with the Switchboard providers", () => {
  for (const report of reports) {
    it(`${report.sdk} · ${report.file} · ${report.scenario}`, () => {
      expect(report.status, report.detail).not.toBe("failed");
      expect(report.listedNotApplicable, "listed as not applicable but passes").toBeUndefined();
    });
  }
});
