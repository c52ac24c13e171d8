// The pages the browser benchmarks load: the TV app's production build (dist/) and the benchmarks' own pages
// (bench/pages/, built into .cache/bench-pages/), served by the real backend under test.
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

const ROOT = join(import.meta.dirname, '..');

let built = false;

/** Builds both, once per run. */
export function buildBenchPages(): void {
  if (built) return;
  for (const config of [[], ['--config', 'bench/pages/vite.config.ts']]) {
    execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error', ...config], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  built = true;
}

/** Mounts `/bench/*` (the benchmarks' pages) and everything else from dist/, for `startBackend({ mount })`. */
export function mountBenchPages(http: Hono): void {
  const at = (dir: string) => relative(process.cwd(), join(ROOT, dir)) || '.';
  http.use(
    '/bench/*',
    serveStatic({ root: at('.cache/bench-pages'), rewriteRequestPath: (p) => p.replace(/^\/bench/, '') }),
  );
  http.use('/*', serveStatic({ root: at('dist') }));
}
