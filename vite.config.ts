import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import { ENGINES, isPlatform } from './packaging/platforms.ts';

// Pages: the emulator (index.html) frames the TV app (tv.html); phone.html is the household's phone; account.html
// sets up the joint account. `npm run dev` proxies the API and the push channel to a backend started with
// `npm start`; `npm run dev:mock` (mode "mock") needs no backend at all. `--mode tizen|webos|rdk` builds the TV app
// alone for that platform's package (packaging/package.ts): relative paths (it loads from the package, not a
// server), lowered to the platform's oldest engine.
const backend = process.env.COUCHLINE_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig(({ mode }): UserConfig => {
  if (isPlatform(mode)) {
    return {
      base: './',
      // public/ holds msw's worker, for the mock mode only: a package never runs against mocks.
      publicDir: false,
      build: {
        target: ENGINES[mode].target,
        outDir: resolve(import.meta.dirname, 'build', mode, 'app'),
        emptyOutDir: true,
        rollupOptions: { input: { tv: resolve(import.meta.dirname, 'tv.html') } },
      },
    };
  }
  return {
    build: {
      // dist/.vite/manifest.json: which chunks each page loads up front and which on demand (bench/tv-bundle-size.ts).
      manifest: true,
      // WPE 2.38 (RDK) is the oldest engine the desktop build must run on: no class static blocks there.
      target: ['es2022', 'chrome87', 'safari15'],
      rollupOptions: {
        input: {
          emulator: resolve(import.meta.dirname, 'index.html'),
          tv: resolve(import.meta.dirname, 'tv.html'),
          phone: resolve(import.meta.dirname, 'phone.html'),
          account: resolve(import.meta.dirname, 'account.html'),
        },
      },
    },
    server: {
      proxy: {
        '/api': backend,
        '/push': { target: backend.replace(/^http/, 'ws'), ws: true },
      },
    },
  };
});
