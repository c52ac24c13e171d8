// What each test runner's results file holds (the node:test reporter in node-test-results.ts and the browser
// reporter in web-test-runner.config.mjs write it), and how scripts/run-tests.ts counts it.

export type TestOutcome = 'passed' | 'failed' | 'skipped';

export interface TestResults {
  /** One entry per test run: `file › suite › … › name`, and how it went. */
  tests: { id: string; outcome: TestOutcome }[];
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export const emptyTally = (): Tally => ({ passed: 0, failed: 0, skipped: 0 });

export function tallyOf(results: TestResults): Tally {
  const tally = emptyTally();
  for (const { outcome } of results.tests) tally[outcome]++;
  return tally;
}

export function addTally(into: Tally, more: Tally): void {
  into.passed += more.passed;
  into.failed += more.failed;
  into.skipped += more.skipped;
}

/** Reads a results file; null when the runner wrote none (it failed before reporting, or never ran). */
export function parseResults(text: string | null): TestResults | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<TestResults>;
    return Array.isArray(parsed.tests) ? { tests: parsed.tests } : null;
  } catch {
    return null;
  }
}

/**
 * How a group went: its tests' outcomes, plus one failure when the runner wrote no results, failed outside any
 * test, or ran no test at all (a pattern that matches nothing must not pass).
 */
export function judgeGroup(
  results: TestResults | null,
  runnerOk: boolean,
): { tally: Tally; problems: string[] } {
  const tally = results ? tallyOf(results) : emptyTally();
  const problems: string[] = [];
  if (!results) problems.push('the runner reported no results');
  else if (results.tests.length === 0) problems.push('no test ran');
  else if (!runnerOk && tally.failed === 0) problems.push('the runner failed outside any test');
  if (problems.length > 0) tally.failed++;
  return { tally, problems };
}
