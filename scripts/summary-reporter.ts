import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends every test run with one plain line, `N passed, M failed`, so that CI notices a run that executed nothing.
 * Skipped and todo tests are reported on their own line and never counted as passed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      // A file that failed to load has no tests to count; it still failed.
      if (module.state() === "failed" && !module.children.size) failed++;
    }
    failed += unhandledErrors.length;
    if (skipped) console.log(`${skipped} skipped (not counted as passed)`);
    console.log(`${passed} passed, ${failed} failed`);
  }
}
