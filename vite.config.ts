import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import { ENGINES, isPlatform } from './packaging/platforms.ts';

// Pages: the emulator (index.html) frames the TV app (tv.html); phone.html is the household's phone; account.html
// sets up the joint account. `npm run dev` proxies the API and the push channel to a backend started with
// `npm start`; `npm run dev:mock` (mode "mock") needs no backend at all. `--mode tizen|webos|rdk` builds the TV app
// alone for that platform's package (packaging/package.ts): relative paths (it loads from the package, not a
// server), lowered to the platform's oldest engine, in one script file: everything the app may load on demand
// elsewhere (hls.js, the inspector, the enrollment screen) is inside it, and the other platforms' adapters are not.
const backend = process.env.COUCHLINE_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig(({ command, mode }): UserConfig => {
  if (isPlatform(mode)) {
    return {
      base: './',
      // public/ holds msw's worker, for the mock mode only: a package never runs against mocks.
      publicDir: false,
      build: {
        target: ENGINES[mode].target,
        outDir: resolve(import.meta.dirname, 'build', mode, 'app'),
        emptyOutDir: true,
        rollupOptions: {
          input: { tv: resolve(import.meta.dirname, 'tv.html') },
          // One file: a package loads from the box's own storage, where each further file is one more fetch and
          // parse before the first frame (issue 17). Dynamic imports stay lazy in it: evaluated when first called.
          output: { codeSplitting: false },
        },
        // Nothing left to preload: no chunks, no polyfill for it.
        modulePreload: false,
      },
    };
  }
  return {
    build: {
      // WPE 2.38 (RDK) is the oldest engine the desktop build must run on: no class static blocks there.
      target: ['es2022', 'chrome87', 'safari15'],
    },
    ...(command === 'build' ? desktopBuilds() : {}),
    server: {
      proxy: {
        '/api': backend,
        '/push': { target: backend.replace(/^http/, 'ws'), ws: true },
      },
    },
  };
});

/**
 * The desktop build: two builds into dist/, the pages that share their code (emulator, phone, account), then the TV
 * app alone, so none of its modules lands in a chunk shared with another page: its script before the first alert is
 * one file, beside the chunks it loads on demand (a set-top box's adapter, hls.js, the enrollment screen, the
 * inspector). The dev server serves every page from one environment.
 */
function desktopBuilds(): Pick<UserConfig, 'environments' | 'builder'> {
  const page = (name: string) => resolve(import.meta.dirname, `${name}.html`);
  return {
    environments: {
      client: {
        build: {
          // dist/.vite/manifest.json: which chunks each page loads up front and which on demand.
          manifest: true,
          rollupOptions: {
            input: { emulator: page('index'), phone: page('phone'), account: page('account') },
          },
        },
      },
      tv: {
        consumer: 'client',
        build: {
          // After the pages' build, into the same directory (bench/tv-bundle-size.ts reads this manifest).
          emptyOutDir: false,
          copyPublicDir: false,
          manifest: '.vite/tv-manifest.json',
          rollupOptions: { input: { tv: page('tv') } },
        },
      },
    },
    builder: {
      async buildApp(builder) {
        await builder.build(builder.environments['client']!);
        await builder.build(builder.environments['tv']!);
      },
    },
  };
}
