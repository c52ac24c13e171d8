import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readAr, readTarGz, tarGz, writeAr, type ArchiveEntry } from './archives.ts';
import { ICON_TILE_COLOR, iconPng } from './icon.ts';
import { APP, binPath, packagesDir, stageDir } from './platforms.ts';

/** LG's sizes for the two icons appinfo.json names ("Key app assets": 80×80 icon, 130×130 largeIcon). */
export const WEBOS_ICON_SIZES = { icon: 80, largeIcon: 130 } as const;

/** appinfo.json (LG's app metadata): what it is, its icons and tile colour, Back and relaunch handled by the app. */
function webOsAppInfo(): Record<string, unknown> {
  return {
    id: APP.id,
    version: APP.version,
    vendor: APP.vendor,
    type: 'web',
    main: 'index.html',
    title: APP.name,
    appDescription: APP.tagline,
    icon: 'icon.png',
    largeIcon: 'largeIcon.png',
    iconColor: ICON_TILE_COLOR,
    resolution: '1920x1080',
    disableBackHistoryAPI: true,
    handlesRelaunch: true,
  };
}

/** The .ipk, made by LG's own packager (the webOS CLI from npm, `ares-package`) from a staged app folder. */
export function writeWebOs(files: ArchiveEntry[]): string {
  const stage = stageDir('webos');
  rmSync(stage, { recursive: true, force: true });
  const entries = [
    { path: 'appinfo.json', data: Buffer.from(`${JSON.stringify(webOsAppInfo(), null, 2)}\n`) },
    { path: 'icon.png', data: iconPng(WEBOS_ICON_SIZES.icon) },
    { path: 'largeIcon.png', data: iconPng(WEBOS_ICON_SIZES.largeIcon) },
    ...files,
  ];
  for (const entry of entries) {
    const path = join(stage, entry.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.data);
  }
  // --no-minify: the build is minified already, for the engine it targets; ares's own minifier knows only ES5.
  const result = spawnSync(
    process.execPath,
    [binPath('ares-package'), stage, '--no-minify', '--outdir', packagesDir],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`ares-package failed: ${result.stderr || result.stdout}`);
  const out = join(packagesDir, `${APP.id}_${APP.version}_all.ipk`);
  writeFileSync(out, withOurMaintainer(readFileSync(out)));
  return out;
}

/**
 * ares-package 3.2 writes a fixed "Maintainer: N/A <nobody@example.com>" and "Description: This is a webOS
 * application." into every .ipk's control file (lib/package.js, createControlFile, marked "TODO: TBC") and has no
 * option for them. The control file is put right here: the same archive, with our maintainer and description.
 */
function withOurMaintainer(ipk: Buffer): Buffer {
  const members = readAr(ipk);
  const control = members.find((m) => m.name === 'control.tar.gz');
  const file = control && readTarGz(control.data).find((e) => e.path.replace(/^\.\//, '') === 'control');
  if (!control || !file) throw new Error('ares-package wrote an .ipk without a control file');
  const fields: Record<string, string> = {
    Maintainer: `${APP.author.name} <${APP.author.email}>`,
    Description: APP.description,
  };
  const text = Buffer.from(file.data)
    .toString('utf8')
    .split('\n')
    .map((line) => {
      const key = line.slice(0, line.indexOf(':'));
      return key in fields ? `${key}: ${fields[key]}` : line;
    })
    .join('\n');
  control.data = tarGz([{ path: file.path, data: Buffer.from(text) }]);
  return writeAr(members);
}
