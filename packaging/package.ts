// Builds the TV app for one set-top-box platform and packages it for that platform's store:
//   npm run package:tizen -- [--backend http://192.168.1.10:8080] [--demo-device stb-living-room]
//   npm run package:webos -- …      npm run package:rdk -- …
// The package reaches the backend at --backend (the TV must be able to reach it; 127.0.0.1 is the TV itself).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { ArchiveEntry } from './archives.ts';
import { tarGz, zip } from './archives.ts';
import { iconPng } from './icon.ts';
import { APP, buildDir, ENGINES, isPlatform, packagesDir, type Platform } from './platforms.ts';

const ROOT = join(import.meta.dirname, '..');

export interface PackageOptions {
  platform: Platform;
  /** The backend's origin as the TV reaches it. */
  backend: string;
  /** Demo backends only: pair as this device on first start (the demo household's set-top boxes). */
  demoDevice?: string;
  /** Use the build already in build/<platform>/app. */
  skipBuild?: boolean;
}

/** Builds (unless told not to) and packages; returns the package's path. */
export function buildPackage(options: PackageOptions): string {
  const { platform } = options;
  const backend = new URL(options.backend);
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
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const result = spawnSync(process.execPath, [vite, 'build', '--mode', platform, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
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

/** config.xml (Samsung's "Configuring TV applications"): the id, the TV profile, the privileges used, the backend. */
function tizenConfigXml(backend: URL): string {
  const privileges = [
    'http://tizen.org/privilege/internet',
    // Remote keys beyond arrows, OK and Back.
    'http://tizen.org/privilege/tv.inputdevice',
    'http://developer.samsung.com/privilege/productinfo',
    'http://developer.samsung.com/privilege/network.public',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<widget xmlns="http://www.w3.org/ns/widgets" xmlns:tizen="http://tizen.org/ns/widgets" id="https://couchline.example/tv" version="${APP.version}" viewmodes="maximized">
  <tizen:application id="${APP.tizenPackage}.Couchline" package="${APP.tizenPackage}" required_version="5.5"/>
  <name>${APP.name}</name>
  <content src="index.html"/>
  <icon src="icon.png"/>
  <feature name="http://tizen.org/feature/screen.size.all"/>
  <tizen:profile name="tv-samsung"/>
${privileges.map((p) => `  <tizen:privilege name="${p}"/>`).join('\n')}
  <access origin="${backend.origin}" subdomains="false"/>
  <tizen:setting screen-orientation="landscape" context-menu="disable" background-support="disable" encryption="disable" install-location="auto" hwkey-event="enable"/>
</widget>
`;
}

function writeTizen(files: ArchiveEntry[], backend: URL): string {
  const out = join(packagesDir, `${APP.name}-${APP.version}.wgt`);
  const entries = [
    { path: 'config.xml', data: Buffer.from(tizenConfigXml(backend)) },
    { path: 'icon.png', data: iconPng(512, 423) },
    ...files,
  ];
  writeFileSync(out, zip(entries));
  return out;
}

/** appinfo.json (LG's app metadata): Back handled by the app, relaunch handled by the app, icons. */
function webOsAppInfo(): Record<string, unknown> {
  return {
    id: APP.id,
    version: APP.version,
    vendor: APP.vendor,
    type: 'web',
    main: 'index.html',
    title: APP.name,
    icon: 'icon.png',
    largeIcon: 'largeIcon.png',
    resolution: '1920x1080',
    disableBackHistoryAPI: true,
    handlesRelaunch: true,
  };
}

/** The .ipk, made by LG's own packager (the webOS CLI from npm, `ares-package`) from a staged app folder. */
function writeWebOs(files: ArchiveEntry[]): string {
  const stage = join(ROOT, 'build', 'webos', 'stage');
  rmSync(stage, { recursive: true, force: true });
  const entries = [
    { path: 'appinfo.json', data: Buffer.from(`${JSON.stringify(webOsAppInfo(), null, 2)}\n`) },
    { path: 'icon.png', data: iconPng(80, 80) },
    { path: 'largeIcon.png', data: iconPng(130, 130) },
    ...files,
  ];
  for (const entry of entries) {
    const path = join(stage, entry.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.data);
  }
  const ares = join(ROOT, 'node_modules', '.bin', 'ares-package');
  // --no-minify: the build is minified already, for the engine it targets; ares's own minifier knows only ES5.
  const result = spawnSync(process.execPath, [ares, stage, '--no-minify', '--outdir', packagesDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ares-package failed: ${result.stderr || result.stdout}`);
  return join(packagesDir, `${APP.id}_${APP.version}_all.ipk`);
}

/** metadata.json (a Lightning app's store metadata) with the app: a bundle an operator's app store can host. */
function rdkMetadata(): Record<string, unknown> {
  return { name: APP.name, identifier: APP.id, version: APP.version, icon: './static/icon.png' };
}

function writeRdk(files: ArchiveEntry[]): string {
  const out = join(packagesDir, `${APP.id}-${APP.version}-rdk.tgz`);
  const entries = [
    { path: 'metadata.json', data: Buffer.from(`${JSON.stringify(rdkMetadata(), null, 2)}\n`) },
    { path: 'static/icon.png', data: iconPng(256, 256) },
    ...files,
  ];
  writeFileSync(out, tarGz(entries));
  return out;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: process.env.COUCHLINE_BACKEND ?? 'http://127.0.0.1:8080' },
      'demo-device': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const platform = positionals[0];
  if (!isPlatform(platform)) {
    console.error('Which platform? node packaging/package.ts tizen|webos|rdk [--backend URL]');
    process.exit(2);
  }
  const out = buildPackage({
    platform,
    backend: values.backend,
    ...(values['demo-device'] ? { demoDevice: values['demo-device'] } : {}),
    skipBuild: values['skip-build'],
  });
  console.log(`${platform}: ${relative(ROOT, out)} (built for ${ENGINES[platform].engine})`);
}
