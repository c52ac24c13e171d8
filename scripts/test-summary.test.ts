import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestResults } from './test-results.ts';
import { TestRunSummary } from './test-summary.ts';

const results = (...outcomes: [string, 'passed' | 'failed' | 'skipped'][]): TestResults => ({
  tests: outcomes.map(([id, outcome]) => ({ id, outcome })),
});
const CHECKS = ['typecheck', 'lint', 'format', 'assertions', 'build'];

// The expected lines are the README's: "checks: 5 passed, 0 failed", how many distinct tests there are and how
// many ran in each group (a browser test once per engine), then "N passed, N failed" counting every test run.
describe('the closing lines and exit code of npm test', () => {
  test('all green: five checks, the distinct tests and each group’s share, every run counted; exit 0', () => {
    const run = new TestRunSummary();
    for (const name of CHECKS) run.check(name, true);
    run.record('server', results(['a.test.ts › one', 'passed'], ['a.test.ts › two', 'passed']), true);
    const browser = results(['tv.test.ts › alert', 'passed'], ['tv.test.ts › inbox', 'passed']);
    run.record('Chromium', browser, true, 'browser: ');
    run.record('WPE WebKit', browser, true, 'browser: ');
    run.record('end-to-end', results(['e2e.test.ts › call', 'passed']), true);
    assert.deepEqual(run.closingLines(), [
      'checks: 5 passed, 0 failed',
      '5 distinct tests; tests run per group: server 2, Chromium 2, WPE WebKit 2, end-to-end 1',
      '7 passed, 0 failed',
    ]);
    assert.equal(run.exitCode(), 0);
  });

  test('a failing test, a skipped one and a failed check: named in the lines, and the exit code is non-zero', () => {
    const run = new TestRunSummary();
    for (const name of CHECKS) run.check(name, name !== 'lint');
    run.record(
      'server',
      results(['a › one', 'passed'], ['a › two', 'failed'], ['a › three', 'skipped']),
      false,
    );
    assert.deepEqual(run.closingLines(), [
      'checks: 4 passed, 1 failed (lint)',
      'Failed: server (1 failed)',
      '3 distinct tests; tests run per group: server 3',
      '1 passed, 1 failed, 1 skipped',
    ]);
    assert.equal(run.exitCode(), 1);
  });

  test('a group that runs no test, or cannot run, fails the run even when every check and test passed', () => {
    const run = new TestRunSummary();
    run.record('server', results(['a › one', 'passed']), true);
    run.record('packages', results(), true);
    run.prevented('WPE WebKit', 'WPEWebDriver did not start');
    assert.deepEqual(run.closingLines(), [
      'Failed: packages (1 failed: no test ran); WPE WebKit (not run: WPEWebDriver did not start)',
      '1 distinct tests; tests run per group: server 1, packages 0, WPE WebKit 0',
      '1 passed, 2 failed',
    ]);
    assert.equal(run.exitCode(), 1);
  });

  test('a failed check alone makes the exit code non-zero', () => {
    const run = new TestRunSummary();
    run.check('typecheck', false);
    run.record('server', results(['a › one', 'passed']), true);
    assert.equal(run.closingLines()[0], 'checks: 0 passed, 1 failed (typecheck)');
    assert.equal(run.closingLines().at(-1), '1 passed, 0 failed');
    assert.equal(run.exitCode(), 1);
  });

  test('each group’s own line says how it went and why it failed', () => {
    const run = new TestRunSummary();
    assert.equal(
      run.record('server', results(['a › one', 'passed']), false),
      '[tests] server: 1 passed, 1 failed, 0 skipped: the runner failed outside any test',
    );
    assert.equal(
      run.prevented('end-to-end', 'the build failed'),
      '[tests] end-to-end: not run — the build failed',
    );
  });
});
