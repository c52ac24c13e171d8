// The TV app's composition root: the only place that picks the platform adapter and builds concretes.
// No top-level await: the oldest engines we target (Chromium 87 on webOS 22) lack it.
import {
  loadRdkAdapter,
  loadTizenAdapter,
  loadWebOsAdapter,
  selectAdapter,
  type AdapterLoaders,
} from '../platform-adapters/select-adapter.ts';
import * as v from 'valibot';
import { PairResponse } from '../protocol/index.ts';
import type { PlatformAdapter } from '../platform-adapters/contract/index.ts';
import { readConfig, type AppConfig } from './core/config.ts';
import { createLogger } from '../client/log.ts';
import { createTvApp } from './tv-app.ts';
import Lightning from './ui/lightning.ts';

async function main(): Promise<void> {
  const config = readConfig(window.location);
  const adapter = await selectAdapter(window, builtAdapters());

  if (config.inspect) {
    // Mirrors the scene into the DOM (texture-text attributes), for developers and the end-to-end tests.
    await import('@lightningjs/core/inspector');
    (window as unknown as { attachInspector(lng: typeof Lightning): void }).attachInspector(Lightning);
  }

  if (import.meta.env.MODE === 'mock') {
    // `npm run dev:mock`: no backend at all; msw answers the push channel with the same protocol.
    const { startMockWorker, MOCK_CREDENTIALS } = await import('../mocks/browser.ts');
    await startMockWorker();
    // The emulator pairs through the mocked REST routes (or enrolls a new TV by code: `?device=new-…`); tv.html
    // opened alone falls back to the living room.
    const namesScreen = new URLSearchParams(window.location.search).has('device');
    if (!namesScreen && !(await adapter.getCredentials())) await adapter.setCredentials(MOCK_CREDENTIALS);
  }

  if (config.demoDevice && !(await adapter.getCredentials())) await pairDemoBox(config, adapter);
  await createTvApp({ adapter, config, container: document.body });
}

/**
 * The set-top-box adapters this build holds. A platform's package (`vite build --mode tizen|webos|rdk`) holds its
 * own alone, the other branches dropped at build time; the desktop build holds them all, each loaded on demand.
 */
function builtAdapters(): AdapterLoaders {
  if (import.meta.env.MODE === 'tizen') return { tizen: loadTizenAdapter };
  if (import.meta.env.MODE === 'webos') return { webos: loadWebOsAdapter };
  if (import.meta.env.MODE === 'rdk') return { rdk: loadRdkAdapter };
  return { rdk: loadRdkAdapter, tizen: loadTizenAdapter, webos: loadWebOsAdapter };
}

/**
 * A packaged app on a demo backend pairs itself as the demo box its package names (the emulator does this for its
 * screens). A failure (the demo route is off, or the box is not the demo household's) leaves the TV without
 * credentials, so it shows the enrollment screen: zero-touch if its operator vouches for it, else a code.
 */
async function pairDemoBox(config: AppConfig, adapter: PlatformAdapter): Promise<void> {
  try {
    const response = await fetch(`${config.apiUrl}/api/demo/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: config.demoDevice }),
    });
    if (!response.ok) throw new Error(`the backend answered ${response.status}`);
    const { deviceId, token } = v.parse(PairResponse, await response.json());
    await adapter.setCredentials({ deviceId, token });
  } catch (error) {
    createLogger('main').warn(`pairing as ${config.demoDevice} failed`, error);
  }
}

main().catch((error: unknown) => createLogger('main').error('the TV app failed to start', error));
