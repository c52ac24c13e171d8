import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import type { DeliveryLogView, JointAccountView } from '../../protocol/index.ts';
import {
  drawnTexts,
  launchChromium,
  leaveVoicemail,
  openEmulator,
  pressRemote,
  startProduct,
  tvFrame,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

/**
 * "Quiet for this programme" for real: the emulator's TV watches channel 4 (its programme from the EPG
 * simulator, on the household's clock), the viewer picks Quiet on an alert, the next voicemail waits (the log
 * says so), and switching to channel 7 ends the quiet: the TV shows one summary of what waited.
 */
describe('end to end: quiet for this programme', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    page = await openEmulator(browser, product);
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const shows = (frame: Frame, match: (text: string) => boolean, what: string) => tvShows(frame, match, what);
  const remote = (label: string) => pressRemote(page, label);

  /** The delivery log's alerts, newest first, each with its story in the order it happened. */
  async function deliveryLog(): Promise<DeliveryLogView['alerts']> {
    const login = await fetch(`${product.url}/api/joint-accounts/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jointAccountId: 'hh_demo', password: product.jointPassword }),
    });
    const { sessionToken } = (await login.json()) as { sessionToken: string; account: JointAccountView };
    const log = await fetch(`${product.url}/api/joint-accounts/hh_demo/delivery-log`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    return ((await log.json()) as DeliveryLogView).alerts;
  }

  test('Quiet holds the next voicemail; another channel ends the quiet and shows the summary', async () => {
    const frame = await tvFrame(page);
    const picker = 'tv-emulator >>> select[aria-label="Channel"]';
    const watching = await page.$eval(picker, (el) => el.selectedOptions[0]?.textContent ?? '');
    const title = /— (.+)$/.exec(watching.trim())?.[1];
    assert.ok(title, `the emulator shows channel 4's programme (${watching})`);

    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Hi Mary, it is Jane');
    await shows(frame, (t) => t === 'Voice mail from Jane 505-555-1313', 'the first alert');
    for (let i = 0; i < 5; i++) await remote('Right'); // Listen → … → Reply → Quiet
    await remote('OK');
    await shows(frame, (t) => t.startsWith(`Quiet until ${title} ends`), 'the quiet confirmed');

    await leaveVoicemail(product.simulatorUrl, 'Simon', 'Hi Mary, it is Simon');
    await waitUntil(
      async () =>
        (await deliveryLog()).some((a) =>
          a.steps.some((e) => e.deviceName === 'Living-room TV' && e.outcome === 'defer'),
        ),
      'the second voicemail held for the living-room TV',
    );
    assert.ok(
      !(await drawnTexts(frame)).includes('Voice mail from Simon 505-555-1313'),
      'no alert while quiet',
    );

    await page.select(picker, '7');
    await shows(
      frame,
      (t) => t === `While you watched ${title}: 1 voicemail from Simon`,
      'the summary after switching channel',
    );
    // The log has the whole story of the living-room TV: sent, reached it, shown, Quiet chosen, held, then the
    // summary reached it and was shown.
    const story = await waitUntil(async () => {
      const stories = (await deliveryLog())
        .reverse()
        .map((alert) =>
          alert.steps
            .filter((e) => e.deviceName === 'Living-room TV')
            .map((e) => [e.outcome, e.action ?? e.reasons.join(',')].join(' ').trim()),
        );
      return stories.flat().filter((l) => l.startsWith('displayed')).length >= 2 ? stories : null;
    }, 'the outcomes in the delivery log');
    // Each message's story, as the log keeps it: in the order it happened. The acknowledgement (delivered) and the
    // device's own reports travel separately, so the report may come first; it says the alert reached the TV.
    assert.deepEqual(story, [
      ['deliver', 'delivered', 'displayed', 'acted quiet'],
      ['defer quiet-for-programme', 'deliver after-quiet', 'delivered', 'displayed'],
    ]);
  });
});
