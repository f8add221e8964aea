import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultScanConfig } from "../../packages/cli/src/scan/scan-config.js";
import { scanRepository } from "../../packages/cli/src/scan/scan-repository.js";
import type { BenchSuite, Reporter } from "../lib/bench-types.js";
import { measurementOf } from "../lib/measurement.js";
import { generateRepository } from "./generate-repository.js";

const FILES = Number(process.env["SB_BENCH_SCAN_FILES"] ?? 20_000);
const RUNS = Number(process.env["SB_BENCH_SCAN_RUNS"] ?? 5);

/**
 * `switchboard scan` over a generated repository (20,000 source files by default), in this one process and thread:
 * files per second of a whole scan (walk with .gitignore, read, pre-filter, parse what may reference a flag,
 * resolve). One unmeasured run first warms the file cache, as a CI checkout's scan finds it.
 */
async function runScanBench(reporter: Reporter): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "sb-bench-scan-"));
  try {
    const generated = generateRepository(root, FILES);
    reporter.note(`generated ${generated.files} files, ${generated.plantedReferences} planted references`);
    const config = defaultScanConfig();
    const warm = scanRepository({ root, config });
    if (warm.filesScanned !== generated.files || warm.references.length !== generated.plantedReferences) {
      throw new Error(
        `scan found ${warm.filesScanned} files and ${warm.references.length} references, expected ${generated.files} and ${generated.plantedReferences}`,
      );
    }
    const rates: number[] = [];
    const cpuRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = scanRepository({ root, config });
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      rates.push(result.filesScanned / seconds);
      cpuRates.push(result.filesScanned / cpuSeconds);
      reporter.note(
        `run ${run + 1}: ${result.filesScanned} files (${result.filesParsed} parsed) in ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`,
      );
    }
    reporter.emit(measurementOf("scan.files", "switchboard", "files_per_s", rates));
    // On a shared machine the wall clock includes waiting for a core; CPU time is what one core spent.
    reporter.emit(measurementOf("scan.files", "switchboard", "files_per_cpu_s", cpuRates));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Code references: how fast the scanner reads a large repository. */
export const scanSuite: BenchSuite = {
  prefix: "scan",
  benches: [
    {
      name: "scan.files",
      description: `switchboard scan of a generated repository of ${FILES} source files (TS/TSX/JS and Python), one core`,
      run: runScanBench,
    },
  ],
};
