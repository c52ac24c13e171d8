// Builds the TV app for one set-top-box platform and packages it for that platform's store:
//   npm run package:tizen -- --backend http://192.168.1.10:8080 [--demo-device stb-living-room]
//   npm run package:webos -- …      npm run package:rdk -- …
// The package reaches the backend at --backend (or COUCHLINE_BACKEND; asked for at a terminal, refused otherwise):
// the TV must be able to reach it, and 127.0.0.1 is the TV itself (packaging/backend-address.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { ArchiveEntry } from './archives.ts';
import { askBackend, BackendAddressError, NO_BACKEND_MESSAGE, parseBackend } from './backend-address.ts';
import { binPath, buildDir, ENGINES, isPlatform, packagesDir, type Platform } from './platforms.ts';
import { writeRdk } from './rdk-package.ts';
import { writeTizen } from './tizen-package.ts';
import { writeWebOs } from './webos-package.ts';

const ROOT = join(import.meta.dirname, '..');

export interface PackageOptions {
  platform: Platform;
  /** The backend's origin as the TV reaches it (never loopback: see {@link parseBackend}). */
  backend: string;
  /** Demo backends only: pair as this device on first start (the demo household's set-top boxes). */
  demoDevice?: string;
  /** Use the build already in build/<platform>/app. */
  skipBuild?: boolean;
}

/** Builds (unless told not to) and packages; returns the package's path. */
export function buildPackage(options: PackageOptions): string {
  const { platform } = options;
  const backend = parseBackend(options.backend);
  if (!options.skipBuild) viteBuild(platform);
  const files = appFiles(platform, backend, options.demoDevice);
  mkdirSync(packagesDir, { recursive: true });
  switch (platform) {
    case 'tizen':
      return writeTizen(files, backend);
    case 'webos':
      return writeWebOs(files);
    case 'rdk':
      return writeRdk(files);
  }
}

/** `vite build --mode <platform>`: the TV app alone, lowered to the platform's oldest engine. */
function viteBuild(platform: Platform): void {
  const result = spawnSync(
    process.execPath,
    [binPath('vite'), 'build', '--mode', platform, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`the ${platform} build failed`);
}

/** The built app as archive entries: tv.html becomes index.html, with the backend's address and platform scripts. */
function appFiles(platform: Platform, backend: URL, demoDevice: string | undefined): ArchiveEntry[] {
  const dir = buildDir(platform);
  const entries: ArchiveEntry[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else entries.push({ path: relative(dir, path).split('\\').join('/'), data: readFileSync(path) });
    }
  };
  walk(dir);
  const page = entries.find((e) => e.path === 'tv.html');
  if (!page) throw new Error(`no tv.html in ${dir}: build it first`);
  const push = new URL('/push', backend);
  push.protocol = backend.protocol === 'https:' ? 'wss:' : 'ws:';
  const config = { api: backend.origin, push: push.toString(), ...(demoDevice ? { demoDevice } : {}) };
  // Samsung's Product and Network APIs come from the TV itself (PLATFORMS.md §2).
  const platformScripts = platform === 'tizen' ? '<script src="$WEBAPIS/webapis/webapis.js"></script>\n' : '';
  const html = page.data
    .toString()
    .replace('<head>', `<head>\n${platformScripts}<script src="couchline-config.js"></script>`);
  return [
    ...entries.filter((e) => e !== page),
    { path: 'index.html', data: Buffer.from(html) },
    {
      path: 'couchline-config.js',
      data: Buffer.from(`window.__COUCHLINE_CONFIG__ = ${JSON.stringify(config)};\n`),
    },
  ];
}

/** The address from `--backend`, then COUCHLINE_BACKEND, then the person at the terminal; null when nobody said. */
async function backendFromCommandLine(flag: string | undefined): Promise<string | null> {
  const given = flag ?? process.env.COUCHLINE_BACKEND;
  if (given !== undefined) return given;
  if (!process.stdin.isTTY || !process.stdout.isTTY) return null;
  return (await askBackend(process.stdin, process.stdout)).origin;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      'demo-device': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const platform = positionals[0];
  if (!isPlatform(platform)) {
    console.error('Which platform? node packaging/package.ts tizen|webos|rdk --backend URL');
    process.exit(2);
  }
  try {
    const backend = await backendFromCommandLine(values.backend);
    if (backend === null) {
      console.error(NO_BACKEND_MESSAGE);
      process.exit(2);
    }
    const out = buildPackage({
      platform,
      backend,
      ...(values['demo-device'] ? { demoDevice: values['demo-device'] } : {}),
      skipBuild: values['skip-build'],
    });
    console.log(`${platform}: ${relative(ROOT, out)} (built for ${ENGINES[platform].engine})`);
  } catch (error) {
    if (!(error instanceof BackendAddressError)) throw error;
    console.error(`No package: ${error.message}`);
    process.exit(2);
  }
}
