import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zip, type ArchiveEntry } from './archives.ts';
import { iconPng } from './icon.ts';
import { APP, packagesDir } from './platforms.ts';

/**
 * The launcher icon inside the .wgt: square, 117 pixels a side as Tizen Studio's TV project templates make it. The
 * store's own icons (1920×1080, and 512×423 for pre-2016 TVs) are uploaded to Samsung's Seller Office, not packaged.
 */
export const TIZEN_ICON_SIZE = 117;

/** Text for XML: the package's words are data, never markup. */
const xmlText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * config.xml (Samsung's "Configuring TV applications"): the id, who made it and what it is, the TV profile, the
 * privileges used, the backend.
 */
export function tizenConfigXml(backend: URL): string {
  const privileges = [
    'http://tizen.org/privilege/internet',
    // Remote keys beyond arrows, OK and Back.
    'http://tizen.org/privilege/tv.inputdevice',
    'http://developer.samsung.com/privilege/productinfo',
    'http://developer.samsung.com/privilege/network.public',
  ];
  const { author } = APP;
  return `<?xml version="1.0" encoding="UTF-8"?>
<widget xmlns="http://www.w3.org/ns/widgets" xmlns:tizen="http://tizen.org/ns/widgets" id="https://couchline.example/tv" version="${APP.version}" viewmodes="maximized">
  <tizen:application id="${APP.tizenPackage}.Couchline" package="${APP.tizenPackage}" required_version="5.5"/>
  <name>${xmlText(APP.name)}</name>
  <description>${xmlText(APP.description)}</description>
  <author href="${xmlText(author.url)}" email="${xmlText(author.email)}">${xmlText(author.name)}</author>
  <content src="index.html"/>
  <icon src="icon.png"/>
  <feature name="http://tizen.org/feature/screen.size.all"/>
  <tizen:profile name="tv-samsung"/>
${privileges.map((p) => `  <tizen:privilege name="${p}"/>`).join('\n')}
  <access origin="${xmlText(backend.origin)}" subdomains="false"/>
  <tizen:setting screen-orientation="landscape" context-menu="disable" background-support="disable" encryption="disable" install-location="auto" hwkey-event="enable"/>
</widget>
`;
}

/** The .wgt: a ZIP of config.xml, the icon and the app. Unsigned: the author certificate is the operator's. */
export function writeTizen(files: ArchiveEntry[], backend: URL): string {
  const out = join(packagesDir, `${APP.name}-${APP.version}.wgt`);
  const entries = [
    { path: 'config.xml', data: Buffer.from(tizenConfigXml(backend)) },
    { path: 'icon.png', data: iconPng(TIZEN_ICON_SIZE) },
    ...files,
  ];
  writeFileSync(out, zip(entries));
  return out;
}
