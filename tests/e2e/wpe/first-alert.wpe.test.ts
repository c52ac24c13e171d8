import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { leaveVoicemail, pendingFor, startProduct, waitUntil, type RunningProduct } from '../support.ts';
import { openEmulatorInWpe, type WpePage } from './wpe-page.ts';

/**
 * The first alert in WPE WebKit, the engine RDK boxes ship: the built emulator in cog (through WPEWebDriver), the
 * real backend with its SQLite file, the carrier simulator, the webhook, the push gateway and the Lightning scene.
 * The same story as ../first-alert.test.ts tells in Chromium.
 */
describe('end to end in WPE: a voicemail reaches the living-room TV', () => {
  let product: RunningProduct;
  let page: WpePage;

  before(async () => {
    product = await startProduct();
    page = await openEmulatorInWpe(product);
  });

  after(async () => {
    await page?.close();
    await product?.stop();
  });

  test('a call from Jane shows "Voice mail from Jane 505-555-1313" over the picture, and Back dismisses it', async () => {
    assert.ok(
      !(await page.drawnTexts()).some((t) => t.startsWith('Voice mail from')),
      'no alert before the call',
    );
    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Hi Mary, call me back');
    await page.tvShows('Voice mail from Jane 505-555-1313');
    const texts = await page.drawnTexts();
    for (const action of ['Listen', 'Later', 'Delete', 'Dismiss']) assert.ok(texts.includes(action), action);
    await waitUntil(() => pendingFor(product, 'stb-living-room') === 0, 'the TV to acknowledge the alert');

    // Back on the on-screen remote dismisses it (the remote sends the same key a real one would).
    await page.pressRemote('Back');
    await waitUntil(
      async () => !(await page.drawnTexts()).includes('Voice mail from Jane 505-555-1313'),
      'the dismissal',
    );
    assert.equal(pendingFor(product, 'stb-living-room'), 0);
  });

  test('a second call is alerted too, and Escape on the page dismisses it', async () => {
    await leaveVoicemail(product.simulatorUrl, 'Simon', 'Dinner at eight');
    await page.tvShows('Voice mail from Simon 505-555-1313');
    assert.ok(
      !(await page.drawnTexts()).includes('Voice mail from Jane 505-555-1313'),
      'Jane stays dismissed',
    );
    await page.press('Escape');
    await waitUntil(
      async () => !(await page.drawnTexts()).some((t) => t.includes('Simon')),
      'the dismissal by the keyboard',
    );
    await waitUntil(() => pendingFor(product, 'stb-living-room') === 0, 'the TV to acknowledge the alert');
  });
});
