import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** The set-top-box platforms the TV app is packaged for. */
export type Platform = 'tizen' | 'webos' | 'rdk';
export const PLATFORM_NAMES: readonly Platform[] = ['tizen', 'webos', 'rdk'];

/**
 * Each platform's oldest engine we build for (PLATFORMS.md §2–4), and what its language lacks, so the package test
 * can parse the output as that engine would. Tizen 5.5 (2020 TVs) runs Chromium 69 and webOS TV 5 (2020) Chromium
 * 68: ES2020 modules with `import.meta` and `import()`, but without `?.` and `??` (Chromium 80). RDK boxes run WPE
 * WebKit 2.38: ES2022 without class static blocks.
 */
export interface Engine {
  /** The build target (esbuild/oxc names). */
  target: string;
  engine: string;
  /** The newest ECMAScript edition whose syntax the engine has, give or take `lacks`. */
  ecmaVersion: 2020 | 2022;
  /** Syntax of that edition the engine still lacks: AST node types, or operators. */
  lacks: readonly string[];
}

export const ENGINES: Record<Platform, Engine> = {
  tizen: {
    target: 'chrome69',
    engine: 'Chromium 69 (Tizen 5.5, 2020 TVs)',
    ecmaVersion: 2020,
    lacks: ['ChainExpression', '??'],
  },
  webos: {
    target: 'chrome68',
    engine: 'Chromium 68 (webOS TV 5, 2020)',
    ecmaVersion: 2020,
    lacks: ['ChainExpression', '??'],
  },
  rdk: { target: 'safari15', engine: 'WPE WebKit 2.38 (RDK)', ecmaVersion: 2022, lacks: ['StaticBlock'] },
};

const PACKAGE_JSON = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  description: string;
};

/** The app as the stores know it. */
export const APP = {
  id: 'com.couchline.tv',
  name: 'Couchline',
  vendor: 'Couchline',
  version: PACKAGE_JSON.version,
  /** What the app does, in a sentence (package.json's description): the store listings' description. */
  description: PACKAGE_JSON.description,
  /** webOS's appDescription is a short tagline under the title. */
  tagline: 'Your phone on your TV',
  /** Who answers for the package: Tizen's <author>, the .ipk control file's Maintainer. */
  author: { name: 'Couchline', email: 'support@couchline.example', url: 'https://couchline.example/' },
  /** Samsung wants a 10-character alphanumeric package id; the application id is it plus a name. */
  tizenPackage: 'CouchlnTV1',
} as const;

/** Where `vite build --mode <platform>` puts the TV app, where a package is staged, and where the packages go. */
export const buildDir = (platform: Platform) => join(ROOT, 'build', platform, 'app');
export const stageDir = (platform: Platform) => join(ROOT, 'build', platform, 'stage');
export const packagesDir = join(ROOT, 'build', 'packages');
/** A command of the project's own npm packages. */
export const binPath = (name: string) => join(ROOT, 'node_modules', '.bin', name);

export function isPlatform(value: string | undefined): value is Platform {
  return (PLATFORM_NAMES as readonly string[]).includes(value ?? '');
}
