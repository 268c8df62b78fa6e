import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every run with one line CI reads: `Tests: N passed, N failed, N skipped`.
 * A file that fails to load or set up counts as failed, so a broken suite never reads as green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let tests = 0;
      // Tricky: when a file's setup (beforeAll) throws, vitest marks its tests skipped; they
      // did not run because the file failed, so they count as failed, not skipped.
      const moduleFailed = mod.state() === 'failed';
      for (const test of mod.children.allTests()) {
        tests += 1;
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed' || moduleFailed) failed += 1;
        else skipped += 1;
      }
      if (tests === 0 && mod.state() === 'failed') failed += 1;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
