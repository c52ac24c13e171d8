import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import {
  drawnTexts,
  FlakyLink,
  launchChromium,
  leaveVoicemail,
  startProduct,
  tvFrame,
  waitUntil,
  type RunningProduct,
} from './support.ts';

/**
 * The whole spine, for real: the built emulator in Chromium, the backend with its SQLite file, the carrier
 * simulator speaking espeak-ng → sox AMR, the webhook, the push gateway, and the Lightning scene.
 */
describe('end to end: a voicemail reaches the living-room TV', () => {
  let product: RunningProduct;
  let link: FlakyLink;
  let browser: Browser;
  let page: Page;

  before(async () => {
    product = await startProduct();
    link = new FlakyLink(product.url);
    await link.up();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 820 });
    // alertSeconds: long enough that an alert is still on screen when the test looks.
    await page.goto(`${link.url}/?inspect&alertSeconds=600`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await link?.close();
    await product?.stop();
  });

  const deviceConnected = () =>
    waitUntil(async () => {
      const health = (await (await fetch(`${product.url}/api/health`)).json()) as { connections: number };
      return health.connections >= 1;
    }, 'the living-room TV to connect');

  const pendingForLivingRoom = () => {
    const db = new DatabaseSync(join(product.dataDir, 'couchline.db'), { readOnly: true });
    try {
      return (
        db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE device_id = 'stb-living-room'").get() as {
          n: number;
        }
      ).n;
    } finally {
      db.close();
    }
  };

  test('a call from Jane shows "Voice mail from Jane 505-555-1313" over the picture', async () => {
    const frame = await tvFrame(page);
    await deviceConnected();
    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Hi Mary, call me back');
    await waitUntil(
      async () => (await drawnTexts(frame)).includes('Voice mail from Jane 505-555-1313'),
      'the overlay',
    );
    assert.ok((await drawnTexts(frame)).includes('Dismiss'));
    await waitUntil(() => pendingForLivingRoom() === 0, 'the TV to acknowledge the alert');

    // Back on the on-screen remote dismisses it (the remote sends the same key a real one would).
    await page.click('tv-emulator >>> tv-remote >>> button[aria-label="Back"]');
    await waitUntil(
      async () => !(await drawnTexts(frame)).includes('Voice mail from Jane 505-555-1313'),
      'the dismissal',
    );
  });

  test('a call made while the connection is down is shown once after it comes back', async () => {
    const frame = await tvFrame(page);
    // Count every time the alert is drawn from here on (including any replay), and note if it ever is while the
    // link is down: the whole outage is watched, not a moment of it.
    await frame.evaluate(() => {
      const w = window as unknown as { simonShown: number; simonWhileDown: number; linkDown: boolean };
      w.simonShown = 0;
      w.simonWhileDown = 0;
      w.linkDown = true;
      let wasShown = false;
      new MutationObserver(() => {
        const shown = [...document.querySelectorAll('[texture-text]')].some(
          (el) =>
            el.getAttribute('texture-text') === 'Voice mail from Simon 505-555-1313' && el.checkVisibility(),
        );
        if (shown && !wasShown) {
          w.simonShown++;
          if (w.linkDown) w.simonWhileDown++;
        }
        wasShown = shown;
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    const simon = () =>
      frame.evaluate(() => {
        const w = window as unknown as { simonShown: number; simonWhileDown: number };
        return { shown: w.simonShown, whileDown: w.simonWhileDown };
      });

    await link.down();
    await waitUntil(async () => {
      const health = (await (await fetch(`${product.url}/api/health`)).json()) as { connections: number };
      return health.connections === 0;
    }, 'the backend to see the TV gone');

    await leaveVoicemail(product.simulatorUrl, 'Simon', 'Dinner at eight');
    assert.equal(pendingForLivingRoom(), 1, 'the alert waits in the outbox');
    // The TV tries the push channel again after the alert was waiting, and the link cuts that attempt: the TV is
    // still without its channel after the moment the alert could have come (had any attempt got through, the
    // gateway would have replayed the alert on it, and it would be drawn instead).
    const cut = link.pushAttemptsCut;
    await waitUntil(
      async () => link.pushAttemptsCut > cut || (await simon()).whileDown > 0,
      'the TV to try the push channel again, and be cut, while the link is down',
      30_000,
    );
    assert.ok(
      !(await drawnTexts(frame)).some((t) => t.includes('Simon')),
      'nothing shows while disconnected',
    );

    await frame.evaluate(() => ((window as unknown as { linkDown: boolean }).linkDown = false));
    await link.up();
    await waitUntil(
      async () => (await drawnTexts(frame)).includes('Voice mail from Simon 505-555-1313'),
      'the missed alert after reconnect',
      30_000,
    );
    assert.equal((await simon()).whileDown, 0, 'never drawn while the link was down');
    await waitUntil(() => pendingForLivingRoom() === 0, 'the acknowledgement after reconnect');

    // Dismiss, then cut and restore the link once more: the gateway must not replay it and the TV must not redraw it.
    await page.keyboard.press('Escape');
    await waitUntil(async () => !(await drawnTexts(frame)).some((t) => t.includes('Simon')), 'the dismissal');
    await link.down();
    await link.up();
    await deviceConnected();
    // A later alert on the same channel: a replay of Simon's would come before it, and the TV draws one alert at a
    // time, so Paul's on screen means whatever came before it was handled.
    await leaveVoicemail(product.simulatorUrl, 'Paul', 'See you on Sunday');
    await waitUntil(
      async () =>
        (await drawnTexts(frame)).includes('Voice mail from Paul 505-555-1313') || (await simon()).shown > 1,
      "the next alert, Paul's, after the reconnect",
      30_000,
    );
    assert.equal(await frame.evaluate(() => (window as unknown as { simonShown: number }).simonShown), 1);
  });
});
