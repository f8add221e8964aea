import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * Ends every test run with one plain line, `N passed, M failed`, so that CI notices a run that executed nothing.
 *
 * The line never undercounts: a test that was collected but never ran (its file's or suite's set-up failed) counts
 * as failed and is listed by name; a file that failed to load counts as one failure (its test count is unknown);
 * a file whose tests passed but whose own hooks failed counts as one failure. Tests skipped on purpose (`skip`,
 * `todo`) are reported on their own line and never counted as passed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notRun: string[] = [];
    const brokenFiles: string[] = [];
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedInModule++;
        else if (skippedOnPurpose(test)) skipped++;
        else {
          failedInModule++;
          notRun.push(`${module.relativeModuleId} > ${test.fullName}`);
        }
      }
      if (module.state() === "failed" && failedInModule === 0) {
        failedInModule = 1;
        brokenFiles.push(`${module.relativeModuleId}: ${firstError(module)}`);
      }
      failed += failedInModule;
    }
    failed += unhandledErrors.length;
    if (brokenFiles.length)
      console.log(`${brokenFiles.length} file(s) failed outside any test:\n  ${brokenFiles.join("\n  ")}`);
    if (notRun.length)
      console.log(`${notRun.length} test(s) did not run (counted as failed):\n  ${notRun.join("\n  ")}`);
    if (skipped) console.log(`${skipped} skipped (not counted as passed)`);
    console.log(`${passed} passed, ${failed} failed`);
  }
}

function skippedOnPurpose(test: TestCase): boolean {
  const mode = test.options.mode;
  return mode === "skip" || mode === "todo";
}

function firstError(module: TestModule): string {
  const error = module.errors()[0];
  return error ? ((error.message ?? String(error)).split("\n")[0] ?? "") : "its set-up or tear-down failed";
}
