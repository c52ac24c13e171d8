import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import {
  deposit,
  drawnTexts,
  launchChromium,
  openEmulator,
  pendingFor,
  pressRemote,
  startProduct,
  tvFrame,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

const CALLERS = ['Ann', 'Bob', 'Cat', 'Dan'];

/**
 * Issue 15, item 3, for real: the living-room box is off while four voicemails are left (the backend keeps them in
 * its outbox); when it connects, the catch-up comes as one summary, not four alerts one after another, and OK on
 * the summary opens the inbox with them.
 */
describe('end to end: a backlog after the box was off is one summary that opens the inbox', () => {
  let product: RunningProduct;
  let browser: Browser;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  test('four voicemails while offline: one summary, OK opens the inbox with all four', async () => {
    for (const callerName of CALLERS) {
      await deposit(product.simulatorUrl, {
        callerName,
        callerNumber: '505-555-1313',
        say: `Hi, it is ${callerName}`,
      });
    }
    await waitUntil(
      () => pendingFor(product, 'stb-living-room') >= CALLERS.length,
      'the outbox to hold them',
    );

    const page = await openEmulator(browser, product);
    const frame = await tvFrame(page);
    await tvShows(frame, '4 new voicemails — Ann, Bob, Cat…', 'the one summary');
    await waitUntil(() => pendingFor(product, 'stb-living-room') === 0, 'the TV to acknowledge every one');
    const shown = await drawnTexts(frame);
    assert.ok(shown.includes('Open inbox'), shown.join(' | '));
    assert.ok(
      !shown.some((t) => t.startsWith('Voice mail from')),
      `no alert of its own: ${shown.join(' | ')}`,
    );

    await pressRemote(page, 'OK');
    await tvShows(frame, 'Voicemail', 'the inbox');
    for (const name of CALLERS)
      await tvShows(frame, `${name} 505-555-1313`, `${name}'s message in the inbox`);
    assert.ok(!(await drawnTexts(frame)).some((t) => t.includes('new voicemails')), 'the summary is gone');
  });
});
