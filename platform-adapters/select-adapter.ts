import type { PlatformAdapter } from './contract/index.ts';
import { BrowserAdapter } from './browser/browser-adapter.ts';
import { detectPlatform } from './detect.ts';

/**
 * Detects the platform and builds its adapter (like Shaka's DeviceFactory). Only `app/main.ts` calls this. The
 * set-top-box adapters load on demand, so a box downloads only its own (and only an RDK box the Firebolt SDK); if
 * one cannot load, the app still runs on the browser adapter.
 */
export async function selectAdapter(win: Window = window): Promise<PlatformAdapter> {
  try {
    switch (detectPlatform(win)) {
      case 'rdk': {
        const [{ RdkAdapter }, sdk] = await Promise.all([
          import('./rdk/rdk-adapter.ts'),
          import('@firebolt-js/sdk'),
        ]);
        return new RdkAdapter(win, sdk);
      }
      case 'tizen': {
        const { TizenAdapter } = await import('./tizen/tizen-adapter.ts');
        return new TizenAdapter(win);
      }
      case 'webos': {
        const { WebOsAdapter } = await import('./webos/webos-adapter.ts');
        return new WebOsAdapter(win);
      }
      case 'browser':
        break;
    }
  } catch (error) {
    console.error('[platform] the platform adapter failed to load; running as a browser', error);
  }
  return new BrowserAdapter(win);
}
