import { BrowserAdapter } from '../../platform-adapters/browser/browser-adapter.ts';
import './programme-sound-meter.ts';
import type { ProgrammeSoundMeter } from './programme-sound-meter.ts';

/**
 * For tests: the emulator's programme sound and meter on this page, started as by the viewer's first click, and the
 * TV app's frame beside it with its browser adapter (as the emulator holds them). `cleanups` receives what to undo.
 */
export async function programmeSoundRig(cleanups: (() => unknown)[]) {
  const meter = document.createElement('programme-sound-meter') as ProgrammeSoundMeter;
  document.body.append(meter);
  cleanups.push(() => meter.remove());
  const silentBeforeStart = meter.sound.level() === 0;
  await meter.start();
  const frame = document.createElement('iframe');
  frame.src = new URL('../../tests/contract/emulator-frame.html', import.meta.url).href;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  cleanups.push(() => frame.remove());
  await loaded;
  return { meter, silentBeforeStart, adapter: new BrowserAdapter(frame.contentWindow!) };
}
