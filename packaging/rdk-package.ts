import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarGz, type ArchiveEntry } from './archives.ts';
import { iconPng } from './icon.ts';
import { APP, packagesDir } from './platforms.ts';

/** metadata.json (a Lightning app's store metadata) with the app: a bundle an operator's app store can host. */
function rdkMetadata(): Record<string, unknown> {
  return { name: APP.name, identifier: APP.id, version: APP.version, icon: './static/icon.png' };
}

export function writeRdk(files: ArchiveEntry[]): string {
  const out = join(packagesDir, `${APP.id}-${APP.version}-rdk.tgz`);
  const entries = [
    { path: 'metadata.json', data: Buffer.from(`${JSON.stringify(rdkMetadata(), null, 2)}\n`) },
    { path: 'static/icon.png', data: iconPng(256) },
    ...files,
  ];
  writeFileSync(out, tarGz(entries));
  return out;
}
