// Browser tests: every *.test.ts of the TV app, the client core, media, platform adapters, mocks and web pages, plus
// tests/integration and tests/contract, in Debian's Chromium or WPE WebKit (COUCHLINE_BROWSER=chromium|wpe).
// scripts/run-tests.ts starts WPEWebDriver and passes its port; no browser is ever downloaded (DESIGN.md §8).
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/helpers/chromium.ts';

const browser = process.env.COUCHLINE_BROWSER ?? 'chromium';
// msw's request interceptors import `debug`, which is CommonJS: convert it (and its `ms`) as they are served.
const commonjs = fromRollup(rollupCommonjs);

const chromium = chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });

const wpe = () =>
  webdriverLauncher({
    hostname: '127.0.0.1',
    port: Number(process.env.COUCHLINE_WEBDRIVER_PORT ?? 4444),
    path: '/',
    logLevel: 'warn',
    capabilities: {
      browserName: 'cog',
      'wdio:enforceWebDriverClassic': true,
      // --automation is mandatory (without it the session hangs); the headless view is 800×600.
      'wpe:browserOptions': { binary: '/usr/bin/cog', args: ['--automation', '--platform=headless'] },
    },
  });

/**
 * Writes every test's outcome (scripts/test-results.ts) for scripts/run-tests.ts, which counts them: what the
 * runner itself says, one entry per test, named by file and suites so the two engines' runs can be matched.
 */
function resultsReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const tests = [];
      const walk = (suite, path) => {
        for (const test of suite.tests) {
          const outcome = test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed';
          tests.push({ id: [...path, test.name].join(' › '), outcome });
        }
        for (const child of suite.suites) walk(child, [...path, child.name]);
      };
      for (const session of sessions) {
        const path = [relative(process.cwd(), session.testFile)];
        if (session.testResults) walk(session.testResults, path);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors ?? []).length > 0) {
          tests.push({ id: [...path, '(the file itself)'].join(' › '), outcome: 'failed' });
        }
      }
      if (file) writeFileSync(file, JSON.stringify({ tests }));
    },
  };
}

// msw 3 uses Promise.withResolvers, Headers.prototype.getSetCookie and URL.canParse; WPE 2.38 (Safari 16-era) has
// none of them (without URL.canParse every mocked fetch throws in a promise behind the test's back).
// The polyfills are for the test tooling only: the shipped app neither loads msw nor uses them.
const testRunnerHtml = (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>
  if (!Promise.withResolvers) {
    Promise.withResolvers = function () {
      let resolve, reject;
      const promise = new this((res, rej) => { resolve = res; reject = rej; });
      return { promise, resolve, reject };
    };
  }
  if (!URL.canParse) {
    URL.canParse = function (url, base) {
      try {
        new URL(url, base);
        return true;
      } catch {
        return false;
      }
    };
  }
  if (!Headers.prototype.getSetCookie) {
    Headers.prototype.getSetCookie = function () {
      const value = this.get('set-cookie');
      return value === null ? [] : [value];
    };
  }
</script>
<script type="module" src="${testFramework}"></script>
</body></html>`;

export default {
  testRunnerHtml,
  // msw's worker must be served from the root to control the test pages (its scope is its own folder).
  middleware: [
    (context, next) => {
      if (context.url === '/mockServiceWorker.js') context.url = '/public/mockServiceWorker.js';
      return next();
    },
    // /__stream/<file>: the file as a first listen arrives while it is transcoded — chunked, no length, a few
    // KB every 10 ms (about the transcoder's pace) — so players meet a live stream, not a finished file.
    async (context, next) => {
      if (!context.path.startsWith('/__stream/')) return next();
      // As the backend refuses an audio request that waited for a PIN's answer it never saw.
      if (context.get('x-couchline-test') === 'refuse') {
        context.status = 401;
        context.body = { error: { code: 'SESSION_INVALID', message: 'enter the PIN again' } };
        return;
      }
      const bytes = await readFile(join(import.meta.dirname, context.path.slice('/__stream/'.length))).catch(
        () => null,
      );
      if (!bytes) {
        context.status = 404;
        return;
      }
      context.type = 'audio/mp4';
      context.set('cache-control', 'no-store');
      let offset = 0;
      context.body = new Readable({
        read() {
          setTimeout(() => {
            this.push(offset < bytes.length ? bytes.subarray(offset, (offset += 3000)) : null);
          }, 10);
        },
      });
    },
  ],
  files: [
    'app/**/*.test.ts',
    'client/**/*.test.ts',
    'media/**/*.test.ts',
    'platform-adapters/**/*.test.ts',
    'mocks/**/*.test.ts',
    'web/**/*.test.ts',
    'tests/integration/**/*.test.ts',
    'tests/contract/**/*.test.ts',
  ],
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  // es2021: WPE 2.38 has no class static blocks (DESIGN.md §8).
  plugins: [
    commonjs({ include: ['**/node_modules/debug/**', '**/node_modules/ms/**'], strictRequires: false }),
    esbuildPlugin({ ts: true, target: 'es2021', tsconfig: 'app/tsconfig.json' }),
  ],
  browsers: [browser === 'wpe' ? wpe() : chromium],
  // One test page at a time in both engines: a page in a background tab cannot reliably start media (seen with
  // two pages at once in Chromium), and WPEWebDriver allows a single session anyway.
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 15_000 } },
  reporters: [
    defaultReporter({ reportTestResults: true, reportTestProgress: false }),
    summaryReporter({ flatten: true }),
    resultsReporter(process.env.COUCHLINE_TEST_RESULTS),
  ],
};
