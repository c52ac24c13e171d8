// `npm test` (after scripts/bootstrap.mjs) and `npm run check`: every check, one closing line that counts them all.
//   node scripts/run-tests.ts all|server|browser|e2e|packages
// Typecheck, lint and format count as one check each; every test in the server, browser (Chromium and
// WPE WebKit) and end-to-end suites counts as one. Any failure makes the exit code non-zero.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startWpeDriver, type WpeDriver } from './wpe-driver.ts';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function record(step: string, tally: Tally): void {
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  if (tally.failed > 0) failures.push(`${step} (${tally.failed} failed)`);
  console.log(
    `\n[check] ${step}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped\n`,
  );
}

function exec(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const forward = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString();
      to.write(chunk);
    };
    child.stdout.on('data', (c: Buffer) => forward(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => forward(c, process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
  });
}

/** A check that is one pass or one fail: typecheck, lint, format, build. */
async function single(step: string, cmd: string, args: string[]): Promise<boolean> {
  console.log(`[check] ${step}: ${[cmd.replace(root + '/', ''), ...args].join(' ')}`);
  const { code } = await exec(cmd, args);
  record(step, { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
  return code === 0;
}

/** node:test suites: the spec reporter's closing `ℹ pass N` lines are the counts. */
async function nodeTests(step: string, patterns: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  console.log(`[check] ${step}`);
  const { code, output } = await exec(process.execPath, ['--test', '--test-reporter=spec', ...patterns], env);
  const count = (label: string) => Number(output.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  const tally = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  if (code !== 0 && tally.failed === 0) tally.failed = 1; // the runner itself failed (a file that did not load)
  record(step, tally);
}

/** @web/test-runner: our reporter (web-test-runner.config.mjs) writes the counts to a JSON file. */
async function browserTests(step: string, browser: 'chromium' | 'wpe'): Promise<void> {
  console.log(`[check] ${step}`);
  const summary = join(resultsDir, `browser-${browser}.json`);
  rmSync(summary, { force: true });
  let driver: WpeDriver | undefined;
  const env: NodeJS.ProcessEnv = { COUCHLINE_BROWSER: browser, COUCHLINE_TEST_SUMMARY: summary };
  if (browser === 'wpe') {
    driver = await startWpeDriver();
    env.COUCHLINE_WEBDRIVER_PORT = String(driver.port);
  }
  try {
    const { code } = await exec(bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], env);
    let tally: Tally = { passed: 0, failed: 0, skipped: 0 };
    try {
      tally = JSON.parse(readFileSync(summary, 'utf8')) as Tally;
    } catch {
      /* no summary: the runner failed before any test */
    }
    if (code !== 0 && tally.failed === 0) tally.failed = 1;
    record(step, tally);
  } finally {
    driver?.stop();
  }
}

const which = process.argv[2] ?? 'all';
mkdirSync(resultsDir, { recursive: true });

if (which === 'all') {
  await single('typecheck', bin('tsc'), ['-b']);
  await single('lint', bin('eslint'), ['.']);
  await single('format', bin('prettier'), ['--check', '.']);
}
if (which === 'all' || which === 'server')
  await nodeTests('server tests', [
    'server/**/*.test.ts',
    'carriers/**/*.test.ts',
    'voicemail-audio/**/*.test.ts',
  ]);
if (which === 'all' || which === 'browser') {
  await browserTests('browser tests (Chromium)', 'chromium');
  await browserTests('browser tests (WPE WebKit)', 'wpe');
}
if (which === 'all' || which === 'e2e') {
  if (await single('build', bin('vite'), ['build', '--logLevel', 'warn'])) {
    await nodeTests('end-to-end tests', ['tests/e2e/**/*.test.ts']);
  }
}
// The set-top-box builds and their packages (.wgt, .ipk, RDK bundle), opened and checked.
if (which === 'all' || which === 'packages') await nodeTests('package tests', ['packaging/**/*.test.ts']);

if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
