// The TV app's composition root: the only place that picks the platform adapter and builds concretes.
// No top-level await: the oldest engines we target (Chromium 87 on webOS 22) lack it.
import { selectAdapter } from '../platform-adapters/select-adapter.ts';
import { readConfig } from './core/config.ts';
import { createLogger } from './core/log.ts';
import { createTvApp } from './tv-app.ts';
import Lightning from './ui/lightning.ts';

async function main(): Promise<void> {
  const config = readConfig(window.location);
  const adapter = await selectAdapter(window);

  if (config.inspect) {
    // Mirrors the scene into the DOM (texture-text attributes), for developers and the end-to-end tests.
    await import('@lightningjs/core/inspector');
    (window as unknown as { attachInspector(lng: typeof Lightning): void }).attachInspector(Lightning);
  }

  if (import.meta.env.MODE === 'mock') {
    // `npm run dev:mock`: no backend at all; msw answers the push channel with the same protocol.
    const { startMockWorker, MOCK_CREDENTIALS } = await import('../mocks/browser.ts');
    await startMockWorker();
    // The emulator pairs through the mocked REST routes; tv.html opened alone falls back to the living room.
    if (!(await adapter.getCredentials())) await adapter.setCredentials(MOCK_CREDENTIALS);
  }

  await createTvApp({ adapter, config, container: document.body });
}

main().catch((error: unknown) => createLogger('main').error('the TV app failed to start', error));
