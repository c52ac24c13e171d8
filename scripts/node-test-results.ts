// A node:test reporter (`--test-reporter=./scripts/node-test-results.ts`) that writes every test's outcome as
// JSON, for scripts/run-tests.ts to count: node's own events, not a line of its console output that a test
// could print too. Suites are not tests; a test cancelled by its suite's failing hook counts as failed, and so
// does a file that did not load (node reports it as a test named after the file).
import { relative } from 'node:path';
import type { TestEvent } from 'node:test/reporters';
import type { TestOutcome, TestResults } from './test-results.ts';

export default async function* nodeTestResults(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const results: TestResults = { tests: [] };
  // Per file, the names of the suites a test is in: files may run side by side and their events interleave.
  const paths = new Map<string, string[]>();
  for await (const event of source) {
    if (event.type === 'test:start') {
      const path = paths.get(event.data.file ?? '') ?? [];
      path.length = event.data.nesting;
      path.push(event.data.name);
      paths.set(event.data.file ?? '', path);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    // A suite is not a test, but a suite whose hook failed is a failure of its own (an `after` that throws fails
    // none of its tests).
    const hookFailed =
      event.type === 'test:fail' &&
      (event.data.details.error as { failureType?: string }).failureType === 'hookFailed';
    if (data.details.type === 'suite' && !hookFailed) continue;
    const file = data.file ? relative(process.cwd(), data.file) : '(no file)';
    const path = (paths.get(data.file ?? '') ?? []).slice(0, data.nesting);
    const notRun = (data.skip ?? false) !== false || (data.todo ?? false) !== false;
    const outcome: TestOutcome = notRun ? 'skipped' : event.type === 'test:fail' ? 'failed' : 'passed';
    // A file that did not load is reported as a test named after the file.
    const isFile = data.nesting === 0 && data.name === file;
    results.tests.push({ id: (isFile ? [file] : [file, ...path, data.name]).join(' › '), outcome });
  }
  yield JSON.stringify(results);
}
