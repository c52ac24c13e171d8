// The TV app's JavaScript before the first alert can show: the tv.html entry and every chunk it imports
// statically, gzipped, from the production build's manifest. Chunks loaded on demand (hls.js, the mocks) are
// listed apart: they are not on the path to the first alert.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface BundleFigure {
  /** Static closure of the TV entry: what loads before the app can draw an alert. */
  beforeFirstAlert: { files: string[]; gzipBytes: number; rawBytes: number };
  /** Chunks the TV entry loads only on demand. */
  onDemand: { file: string; gzipBytes: number }[];
}

export function measureTvBundle(options: { build?: boolean } = {}): BundleFigure {
  if (options.build !== false) {
    execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist/.vite/tv-manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const size = (file: string) => {
    const bytes = readFileSync(join(ROOT, 'dist', file));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };

  const staticKeys = new Set<string>();
  const dynamicKeys = new Set<string>();
  const visit = (key: string) => {
    if (staticKeys.has(key)) return;
    staticKeys.add(key);
    const chunk = manifest[key]!;
    for (const next of chunk.imports ?? []) visit(next);
    for (const next of chunk.dynamicImports ?? []) dynamicKeys.add(next);
  };
  visit('tv.html');

  const files = [...staticKeys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  const sizes = files.map(size);
  const onDemand = [...dynamicKeys]
    .filter((k) => !staticKeys.has(k))
    .map((k) => manifest[k]!.file)
    .filter((f) => f.endsWith('.js'))
    .map((file) => ({ file, gzipBytes: size(file).gzip }));
  return {
    beforeFirstAlert: {
      files,
      gzipBytes: sizes.reduce((sum, s) => sum + s.gzip, 0),
      rawBytes: sizes.reduce((sum, s) => sum + s.raw, 0),
    },
    onDemand,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function printTvBundle(figure: BundleFigure): void {
  console.log('TV app JavaScript before the first alert (production build, gzip -9):');
  console.log(
    `  ${kb(figure.beforeFirstAlert.gzipBytes)} gzip (${kb(figure.beforeFirstAlert.rawBytes)} raw) in ${figure.beforeFirstAlert.files.length} file(s): ${figure.beforeFirstAlert.files.join(', ')}`,
  );
  for (const chunk of figure.onDemand)
    console.log(`  on demand, not counted: ${chunk.file} ${kb(chunk.gzipBytes)} gzip`);
  console.log('  target (issue 3): ≤ 150 KB gzip, hls.js excluded');
}
