// What scripts/run-tests.ts counts while it runs, and the closing lines and exit code it ends with (the README's
// promise: `checks: N passed, N failed`, the distinct tests and each group's share, then `N passed, N failed`).
import { addTally, emptyTally, judgeGroup, type TestResults } from './test-results.ts';

export class TestRunSummary {
  private readonly total = emptyTally();
  private readonly checks = { passed: [] as string[], failed: [] as string[] };
  private readonly failures: string[] = [];
  /** Distinct tests: a browser test run in both engines is one test. */
  private readonly distinct = new Set<string>();
  /** Per group, how many tests ran (a browser group per engine). */
  private readonly perGroup: { group: string; ran: number }[] = [];

  /** A check is one pass or one fail: typecheck, lint, format, assertions, build. */
  check(name: string, ok: boolean): void {
    (ok ? this.checks.passed : this.checks.failed).push(name);
  }

  /**
   * Counts a group's results (no results file, or a runner that failed with no failing test in it, is one failure
   * more; a group that ran no test fails). Tests whose ids differ only by `distinctPrefix` are one distinct test.
   * Returns the group's own line.
   */
  record(group: string, results: TestResults | null, runnerOk: boolean, distinctPrefix = ''): string {
    const { tally, problems } = judgeGroup(results, runnerOk);
    for (const test of results?.tests ?? []) this.distinct.add(distinctPrefix + test.id);
    addTally(this.total, tally);
    this.perGroup.push({ group, ran: results?.tests.length ?? 0 });
    const why = problems.length ? `: ${problems.join('; ')}` : '';
    if (tally.failed > 0) this.failures.push(`${group} (${tally.failed} failed${why})`);
    return `[tests] ${group}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped${why}`;
  }

  /** A group that could not run at all (its driver or the build it needs failed): one failure. Returns its line. */
  prevented(group: string, why: string): string {
    this.total.failed++;
    this.perGroup.push({ group, ran: 0 });
    this.failures.push(`${group} (not run: ${why})`);
    return `[tests] ${group}: not run — ${why}`;
  }

  /** The lines `npm test` ends with; the last one counts every test run. */
  closingLines(): string[] {
    const lines: string[] = [];
    const allChecks = [...this.checks.passed, ...this.checks.failed];
    if (allChecks.length > 0) {
      const failed = this.checks.failed.length ? ` (${this.checks.failed.join(', ')})` : '';
      lines.push(`checks: ${this.checks.passed.length} passed, ${this.checks.failed.length} failed${failed}`);
    }
    if (this.failures.length > 0) lines.push(`Failed: ${this.failures.join('; ')}`);
    const groups = this.perGroup.map(({ group, ran }) => `${group} ${ran}`).join(', ');
    lines.push(`${this.distinct.size} distinct tests; tests run per group: ${groups}`);
    const skipped = this.total.skipped > 0 ? `, ${this.total.skipped} skipped` : '';
    lines.push(`${this.total.passed} passed, ${this.total.failed} failed${skipped}`);
    return lines;
  }

  /** Non-zero when any check or any test failed, or a group could not run. */
  exitCode(): 0 | 1 {
    return this.total.failed > 0 || this.checks.failed.length > 0 ? 1 : 0;
  }
}
