// `npm test` (after scripts/bootstrap.mjs) and `npm run check`: every check and every test, then one closing line.
//   node scripts/run-tests.ts all|server|browser|e2e|packages
// Typecheck, lint, format and the build are checks, reported on their own line. Tests are counted from each
// runner's machine-readable results (scripts/test-results.ts), never from its console: the closing line counts
// every test run (a browser test once per engine), the line above it the distinct tests and each engine's share.
// A group that runs no test, or cannot run (its driver did not start, the build it needs failed), fails. Whatever
// goes wrong, the closing line is printed; any failure makes the exit code non-zero.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startWpeDriver, type WpeDriver } from './wpe-driver.ts';
import { parseResults, type TestResults } from './test-results.ts';
import { TestRunSummary } from './test-summary.ts';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

const summary = new TestRunSummary();

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', (error) => {
      console.error(String(error));
      resolve(1);
    });
  });
}

/** A check is one pass or one fail: typecheck, lint, format, build. */
async function check(name: string, cmd: string, args: string[]): Promise<boolean> {
  console.log(`[check] ${name}: ${[cmd.replace(root + '/', ''), ...args].join(' ')}`);
  const ok = (await exec(cmd, args)) === 0;
  summary.check(name, ok);
  console.log(`\n[check] ${name}: ${ok ? 'passed' : 'FAILED'}\n`);
  return ok;
}

/** Counts a group's results (see {@link TestRunSummary.record}) and prints its line. */
function record(group: string, results: TestResults | null, runnerOk: boolean, distinctPrefix = ''): void {
  console.log(`\n${summary.record(group, results, runnerOk, distinctPrefix)}\n`);
}

/** A group that could not run at all (its driver or the build it needs failed): counted as one failure. */
function prevented(group: string, why: string): void {
  console.log(`\n${summary.prevented(group, why)}\n`);
}

function readResults(file: string): TestResults | null {
  return parseResults(existsSync(file) ? readFileSync(file, 'utf8') : null);
}

/** node:test suites, counted by scripts/node-test-results.ts; the spec reporter still prints to the console. */
async function nodeTests(
  group: string,
  slug: string,
  patterns: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  console.log(`[tests] ${group}`);
  const file = join(resultsDir, `${slug}.json`);
  rmSync(file, { force: true });
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
  reporters.push('--test-reporter=./scripts/node-test-results.ts', `--test-reporter-destination=${file}`);
  const code = await exec(process.execPath, ['--test', ...reporters, ...patterns], env);
  record(group, readResults(file), code === 0);
}

/** @web/test-runner, counted by the results reporter in web-test-runner.config.mjs. */
async function browserTests(group: string, browser: 'chromium' | 'wpe'): Promise<void> {
  console.log(`[tests] ${group}`);
  const file = join(resultsDir, `browser-${browser}.json`);
  rmSync(file, { force: true });
  const env: NodeJS.ProcessEnv = { COUCHLINE_BROWSER: browser, COUCHLINE_TEST_RESULTS: file };
  let driver: WpeDriver | undefined;
  if (browser === 'wpe') {
    try {
      driver = await startWpeDriver();
    } catch (error) {
      prevented(group, (error as Error).message);
      return;
    }
    env.COUCHLINE_WEBDRIVER_PORT = String(driver.port);
  }
  try {
    const code = await exec(bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], env);
    // The same test in both engines is one distinct test.
    record(group, readResults(file), code === 0, 'browser: ');
  } finally {
    driver?.stop();
  }
}

const which = process.argv[2] ?? 'all';
mkdirSync(resultsDir, { recursive: true });
try {
  if (which === 'all') {
    await check('typecheck', bin('tsc'), ['-b']);
    await check('lint', bin('eslint'), ['.']);
    await check('format', bin('prettier'), ['--check', '.']);
    await check('assertions', process.execPath, ['scripts/check-assertions.ts']);
  }
  if (which === 'all' || which === 'server') {
    // tests/parity: the mocks held to the real backend, in Node like the server's own tests.
    const suites = ['server', 'carriers', 'voicemail-audio', 'scripts', 'tests/parity'].map(
      (dir) => `${dir}/**/*.test.ts`,
    );
    await nodeTests('server', 'server', suites);
    // Our backend's tests again with their stores on PostgreSQL (each test process starts its own, DESIGN.md §8).
    await nodeTests('server on PostgreSQL', 'server-postgres', ['server/**/*.test.ts'], {
      COUCHLINE_TEST_DATABASE: 'postgres',
    });
  }
  if (which === 'all' || which === 'browser') {
    await browserTests('Chromium', 'chromium');
    await browserTests('WPE WebKit', 'wpe');
  }
  if (which === 'all' || which === 'e2e') {
    if (await check('build', bin('vite'), ['build', '--logLevel', 'warn'])) {
      await nodeTests('end-to-end', 'e2e', ['tests/e2e/**/*.test.ts']);
    } else prevented('end-to-end', 'the build failed');
  }
  // The set-top-box builds and their packages (.wgt, .ipk, RDK bundle), opened and checked.
  if (which === 'all' || which === 'packages')
    await nodeTests('packages', 'packages', ['packaging/**/*.test.ts']);
} catch (error) {
  // This script's own bug or an environment it did not foresee: still a closing line, and a failure in it.
  console.error(error);
  prevented('the remaining groups', `the test script stopped: ${(error as Error).message}`);
}
for (const line of summary.closingLines()) console.log(line);
process.exit(summary.exitCode());
