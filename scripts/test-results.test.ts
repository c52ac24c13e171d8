import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { judgeGroup, parseResults, type TestResults } from './test-results.ts';

const reporter = join(import.meta.dirname, 'node-test-results.ts');

/** Runs node:test on the given files (name → source) with our reporter; its results file, as written. */
async function runWithReporter(dir: string, files: Record<string, string>): Promise<TestResults | null> {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  const out = join(dir, 'results.json');
  const args = ['--test', `--test-reporter=${reporter}`, `--test-reporter-destination=${out}`];
  // Without this, node would think it runs as a file of *this* test run and report to it instead.
  const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
  await promisify(execFile)(process.execPath, [...args, ...Object.keys(files)], { cwd: dir, env }).catch(
    () => {}, // it fails: some of these tests fail on purpose
  );
  return parseResults(readFileSync(out, 'utf8'));
}

describe('the node:test results reporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-reporter-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('one entry per test, named by file and suites; skips, todos, cancelled tests and unloadable files', async () => {
    const results = await runWithReporter(dir, {
      'a.test.mjs': `
        import { after, before, describe, it, test } from 'node:test';
        describe('outer', () => {
          it('passes', () => {});
          it.skip('is skipped', () => {});
          describe('inner', () => { it('fails', () => { throw new Error('no'); }); });
        });
        describe('broken', () => { before(() => { throw new Error('hook'); }); it('never runs', () => {}); });
        describe('tidy-up fails', () => { after(() => { throw new Error('after'); }); it('passed first', () => {}); });
        test('prints a count of its own', () => { console.log('ℹ pass 99'); });
        test.todo('later');
      `,
      'b.test.mjs': `throw new Error('this file does not load');`,
    });
    const byId = Object.fromEntries(results!.tests.map((t) => [t.id, t.outcome]));
    assert.deepEqual(byId, {
      'a.test.mjs › outer › passes': 'passed',
      'a.test.mjs › outer › is skipped': 'skipped',
      'a.test.mjs › outer › inner › fails': 'failed',
      'a.test.mjs › broken': 'failed',
      'a.test.mjs › broken › never runs': 'failed',
      'a.test.mjs › tidy-up fails': 'failed',
      'a.test.mjs › tidy-up fails › passed first': 'passed',
      'a.test.mjs › prints a count of its own': 'passed',
      'a.test.mjs › later': 'skipped',
      'b.test.mjs': 'failed',
    });
  });
});

describe('judging a group', () => {
  const passing: TestResults = { tests: [{ id: 'x', outcome: 'passed' }] };

  test('counts what its tests did', () => {
    const results: TestResults = {
      tests: [
        { id: 'a', outcome: 'passed' },
        { id: 'b', outcome: 'failed' },
        { id: 'c', outcome: 'skipped' },
      ],
    };
    assert.deepEqual(judgeGroup(results, false), {
      tally: { passed: 1, failed: 1, skipped: 1 },
      problems: [],
    });
  });

  test('a group that ran no test fails', () => {
    assert.deepEqual(judgeGroup({ tests: [] }, true), {
      tally: { passed: 0, failed: 1, skipped: 0 },
      problems: ['no test ran'],
    });
  });

  test('no results file, or a runner that failed with every test passing, is one failure more', () => {
    assert.equal(judgeGroup(null, false).tally.failed, 1);
    assert.equal(judgeGroup(passing, false).tally.failed, 1);
    assert.deepEqual(judgeGroup(passing, true).tally, { passed: 1, failed: 0, skipped: 0 });
  });

  test('a results file that is not the reporter’s is no results', () => {
    assert.equal(parseResults('ℹ pass 12'), null);
    assert.equal(parseResults('{"passed": 12}'), null);
    assert.equal(parseResults(null), null);
  });
});
