import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse, type Node } from 'acorn';
import { buildPackage } from './package.ts';
import { APP, buildDir, ENGINES, PLATFORM_NAMES, type Engine, type Platform } from './platforms.ts';

const BACKEND = 'http://192.168.1.10:8080';

/** Every .js file a platform build produced. */
function scripts(platform: Platform): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) out.push(path);
    }
  };
  walk(buildDir(platform));
  return out;
}

/** Parses `code` as `engine` would: its edition's syntax, less what it lacks. Throws on anything newer. */
export function checkLanguageLevel(code: string, engine: Pick<Engine, 'ecmaVersion' | 'lacks'>): void {
  const ast = parse(code, { ecmaVersion: engine.ecmaVersion, sourceType: 'module' });
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const { type, operator, start } = node as Node & { operator?: string };
    if (engine.lacks.includes(type) || (operator !== undefined && engine.lacks.includes(operator))) {
      throw new Error(`${operator ?? type} at ${start}, which this engine does not have`);
    }
    for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value);
  }
}

const run = (command: string, args: string[]) => execFileSync(command, args, { maxBuffer: 64 * 1024 * 1024 });

/** A PNG's width and height, read from its IHDR chunk (PNG spec §11.2.2: the first chunk, right after the signature). */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual(
    [...png.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'a PNG signature',
  );
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Who made the app, as every store's metadata should say it (not a packager's placeholder). */
const AUTHOR = 'Couchline';
const DESCRIPTION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { description: string }
).description;

describe('packages and per-engine builds', () => {
  const packages = {} as Record<Platform, string>;
  before(() => {
    for (const platform of PLATFORM_NAMES) {
      packages[platform] = buildPackage({ platform, backend: BACKEND, demoDevice: 'stb-living-room' });
    }
  });

  test('the language check catches syntax newer than the engine', () => {
    const chromium68 = ENGINES.webos;
    assert.throws(() => checkLanguageLevel('const a = b?.c;', chromium68), /ChainExpression/);
    assert.throws(() => checkLanguageLevel('const a = b ?? 1;', chromium68), /\?\?/);
    assert.throws(() => checkLanguageLevel('class A { x = 1 }', chromium68));
    assert.throws(() => checkLanguageLevel('class A { static { init(); } }', ENGINES.rdk), /StaticBlock/);
    checkLanguageLevel(
      'const { a, ...rest } = b; try { f() } catch { } const u = import.meta.url; import("./x.js");',
      chromium68,
    );
  });

  for (const platform of PLATFORM_NAMES) {
    test(`the ${platform} build parses at its oldest engine's language level (${ENGINES[platform].engine})`, () => {
      const files = scripts(platform);
      assert.ok(files.length > 0, 'the build has scripts');
      for (const file of files) {
        try {
          checkLanguageLevel(readFileSync(file, 'utf8'), ENGINES[platform]);
        } catch (error) {
          assert.fail(`${file}: ${(error as Error).message}`);
        }
      }
    });
  }

  test('Tizen: a .wgt with config.xml — the application id, the TV profile, the privileges, the backend', () => {
    const listing = run('unzip', ['-Z1', packages.tizen]).toString().split('\n');
    for (const file of ['config.xml', 'icon.png', 'index.html', 'couchline-config.js']) {
      assert.ok(listing.includes(file), `${file} in the .wgt`);
    }
    assert.ok(
      listing.some((f) => /^assets\/.+\.js$/.test(f)),
      'the app scripts',
    );
    const config = run('unzip', ['-p', packages.tizen, 'config.xml']).toString();
    assert.match(config, /<tizen:application id="CouchlnTV1\.Couchline" package="CouchlnTV1"/);
    assert.match(config, /<tizen:profile name="tv-samsung"\/>/);
    assert.match(config, /<tizen:privilege name="http:\/\/tizen\.org\/privilege\/tv\.inputdevice"\/>/);
    assert.match(config, /<access origin="http:\/\/192\.168\.1\.10:8080" subdomains="false"\/>/);
    assert.match(config, new RegExp(`version="${APP.version}"`));
    const index = run('unzip', ['-p', packages.tizen, 'index.html']).toString();
    assert.match(index, /<script src="\$WEBAPIS\/webapis\/webapis\.js"><\/script>/);
    const settings = run('unzip', ['-p', packages.tizen, 'couchline-config.js']).toString();
    assert.match(settings, /"api":"http:\/\/192\.168\.1\.10:8080"/);
    assert.match(settings, /"push":"ws:\/\/192\.168\.1\.10:8080\/push"/);
    // What it is and who made it, for the TV's app details.
    assert.match(config, /<icon src="icon\.png"\/>/);
    assert.ok(config.includes(`<description>${DESCRIPTION}</description>`), 'the description');
    assert.match(config, new RegExp(`<author [^>]*email="[^"@]+@[^"]+"[^>]*>${AUTHOR}</author>`));
  });

  // Launchers draw icons in square tiles; each store's size: Tizen Studio's TV templates 117×117, LG's "Key app
  // assets" 80×80 (icon) and 130×130 (largeIcon); the RDK bundle's is square too.
  test('each package’s icons are square PNGs of the size its platform asks for, read from the archive', () => {
    assert.deepEqual(pngSize(run('unzip', ['-p', packages.tizen, 'icon.png'])), { width: 117, height: 117 });
    const at = `usr/palm/applications/${APP.id}`;
    const webosFile = (name: string) =>
      run('sh', ['-c', `ar p "${packages.webos}" data.tar.gz | tar -xzO "${at}/${name}"`]);
    assert.deepEqual(pngSize(webosFile('icon.png')), { width: 80, height: 80 });
    assert.deepEqual(pngSize(webosFile('largeIcon.png')), { width: 130, height: 130 });
    const rdk = pngSize(run('tar', ['-xzOf', packages.rdk, 'static/icon.png']));
    assert.equal(rdk.width, rdk.height, 'the RDK icon is square');
  });

  test('webOS: an .ipk (ar: control and data) with appinfo.json — Back and relaunch handled by the app', () => {
    assert.deepEqual(run('ar', ['t', packages.webos]).toString().trim().split('\n'), [
      'debian-binary',
      'control.tar.gz',
      'data.tar.gz',
    ]);
    const data = join(packages.webos, '..', 'data.tar.gz');
    execFileSync('sh', ['-c', `ar p "${packages.webos}" data.tar.gz > "${data}"`]);
    const at = `usr/palm/applications/${APP.id}`;
    const listing = run('tar', ['-tzf', data]).toString();
    for (const file of ['appinfo.json', 'icon.png', 'largeIcon.png', 'index.html']) {
      assert.match(listing, new RegExp(`${at}/${file.replace('.', '\\.')}`), `${file} in the .ipk`);
    }
    const appinfo = JSON.parse(run('tar', ['-xzOf', data, `${at}/appinfo.json`]).toString()) as Record<
      string,
      unknown
    >;
    assert.equal(appinfo['id'], APP.id);
    assert.equal(appinfo['main'], 'index.html');
    assert.equal(appinfo['disableBackHistoryAPI'], true);
    assert.equal(appinfo['handlesRelaunch'], true);
    assert.equal(appinfo['vendor'], AUTHOR);
    assert.equal(typeof appinfo['appDescription'], 'string');
    assert.match(appinfo['iconColor'] as string, /^#[0-9a-f]{6}$/i);
    const control = run('sh', ['-c', `ar p "${packages.webos}" control.tar.gz | tar -xzO`]).toString();
    assert.match(control, new RegExp(`^Package: ${APP.id.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(control, new RegExp(`^Version: ${APP.version.replace(/\./g, '\\.')}$`, 'm'));
    // Ours, not the packager's placeholders ("N/A <nobody@example.com>", "This is a webOS application.").
    assert.match(control, new RegExp(`^Maintainer: ${AUTHOR} <[^>@\\s]+@[^>\\s]+>$`, 'm'));
    assert.ok(control.split('\n').includes(`Description: ${DESCRIPTION}`), control);
    assert.doesNotMatch(control, /nobody@example\.com|This is a webOS application/);
  });

  test('RDK: a Lightning app bundle with metadata.json, ready for an operator to host', () => {
    const listing = run('tar', ['-tzf', packages.rdk]).toString().split('\n');
    for (const file of ['metadata.json', 'static/icon.png', 'index.html', 'couchline-config.js']) {
      assert.ok(listing.includes(file), `${file} in the bundle`);
    }
    const metadata = JSON.parse(run('tar', ['-xzOf', packages.rdk, 'metadata.json']).toString()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(metadata, {
      name: 'Couchline',
      identifier: APP.id,
      version: APP.version,
      icon: './static/icon.png',
    });
    assert.deepEqual(
      listing.filter((f) => f.endsWith('.js')).sort(),
      ['couchline-config.js', ...scripts('rdk').map((f) => `assets/${basename(f)}`)].sort(),
      'the app in one script file',
    );
  });

  // One script file per package (issue 17): a box loads from its own storage, and each file is one more fetch and
  // parse before the first frame. The file holds its own platform's adapter, and only an RDK one the Firebolt SDK.
  for (const platform of PLATFORM_NAMES) {
    test(`the ${platform} build is one script file, with its own platform's adapter and no other's`, () => {
      const files = scripts(platform);
      assert.equal(files.length, 1, files.join(', '));
      const code = readFileSync(files[0]!, 'utf8');
      const adapters = { tizen: 'TizenAdapter', webos: 'WebOsAdapter', rdk: 'RdkAdapter' } as const;
      for (const other of PLATFORM_NAMES) {
        assert.equal(
          code.includes(adapters[other]),
          other === platform,
          `${adapters[other]} in the ${platform} build`,
        );
      }
      // Its capability names (xrn:firebolt:capability:…) are the SDK's own strings.
      assert.equal(code.includes('xrn:firebolt:'), platform === 'rdk', 'the Firebolt SDK');
    });
  }
});
