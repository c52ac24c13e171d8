import type { PlatformAdapter } from './contract/index.ts';
import { BrowserAdapter } from './browser/browser-adapter.ts';
import { detectPlatform, type PlatformName } from './detect.ts';

/** Loads one set-top box's adapter (with its SDK) and builds it over `win`. */
export type AdapterLoader = (win: Window) => Promise<PlatformAdapter>;

/** The set-top-box adapters a build can choose from, by platform; a platform left out runs on the browser's. */
export type AdapterLoaders = Partial<Record<Exclude<PlatformName, 'browser'>, AdapterLoader>>;

/** RDK: the Firebolt SDK comes with it, so only an RDK box loads that. */
export const loadRdkAdapter: AdapterLoader = async (win) => {
  const [{ RdkAdapter }, sdk] = await Promise.all([
    import('./rdk/rdk-adapter.ts'),
    import('@firebolt-js/sdk'),
  ]);
  return new RdkAdapter(win, sdk);
};

export const loadTizenAdapter: AdapterLoader = async (win) => {
  const { TizenAdapter } = await import('./tizen/tizen-adapter.ts');
  return new TizenAdapter(win);
};

export const loadWebOsAdapter: AdapterLoader = async (win) => {
  const { WebOsAdapter } = await import('./webos/webos-adapter.ts');
  return new WebOsAdapter(win);
};

/**
 * Detects the platform and builds its adapter (like Shaka's DeviceFactory). Only `app/main.ts` calls this, with
 * the adapters its build holds: the desktop build every one, each loaded on demand, so a box downloads only its own
 * (and only an RDK box the Firebolt SDK); a platform's package its own alone, in its one script file. If the
 * platform's adapter cannot load, or the build has none for it, the app still runs on the browser adapter.
 *
 * @example
 * ```ts
 * const adapter = await selectAdapter(window, { tizen: loadTizenAdapter });
 * ```
 */
export async function selectAdapter(win: Window, adapters: AdapterLoaders): Promise<PlatformAdapter> {
  const platform = detectPlatform(win);
  const load = platform === 'browser' ? undefined : adapters[platform];
  if (load) {
    try {
      return await load(win);
    } catch (error) {
      console.error('[platform] the platform adapter failed to load; running as a browser', error);
    }
  }
  return new BrowserAdapter(win);
}
