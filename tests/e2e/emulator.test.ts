import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import {
  drawnTexts,
  eventsFor,
  launchChromium,
  leaveVoicemail,
  openEmulator,
  startProduct,
  tvFrame,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

/**
 * The desktop emulator, against the whole product: its "Watching" list is the operator's programme guide, and its
 * keyboard's F1–F3 are the red, green and yellow keys (README: "F1–F4 = colour keys"; F4 = blue is held by the
 * browser adapter's own test).
 */
describe('end to end: the TV emulator', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;
  let frame: Frame;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    page = await openEmulator(browser, product);
    frame = await tvFrame(page);
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  /** A key of the computer's keyboard, pressed with the emulator page (not the TV's frame) focused. */
  async function pressKey(key: Parameters<Page['keyboard']['press']>[0]): Promise<void> {
    await page.click('tv-emulator >>> h1');
    await page.keyboard.press(key);
  }

  const alertOf = (caller: string) => `Voice mail from ${caller} 505-555-1313`;

  /** Leaves a voicemail from `caller` and waits for its alert; resolves to the message id. */
  async function alertFrom(caller: string): Promise<string> {
    const messageId = await leaveVoicemail(product.simulatorUrl, caller, `Hi Mary, it is ${caller}`);
    await tvShows(frame, alertOf(caller));
    return messageId;
  }

  test('the "Watching" list is the programme guide’s channels, each with what is on now', async () => {
    // Expected: the operator's guide itself (the EPG simulator's own API), not what the emulator makes of it.
    const { channels } = (await (await fetch(`${product.epgUrl}/channels`)).json()) as {
      channels: { id: string; name: string }[];
    };
    assert.ok(channels.length > 1);
    const expected = await Promise.all(
      channels.map(async ({ id, name }) => {
        const res = await fetch(`${product.epgUrl}/channels/${id}/now`);
        const { programme } = (await res.json()) as { programme: { title: string } | null };
        return { value: id, label: programme ? `${name} — ${programme.title}` : name };
      }),
    );
    const options = () =>
      page.$$eval('tv-emulator >>> select[aria-label="Channel"] option', (list) =>
        list.map((o) => ({ value: o.value, label: o.textContent.trim() })),
      );
    await waitUntil(async () => (await options()).length > 1, 'the guide in the list');
    assert.deepEqual(await options(), [...expected, { value: '', label: 'No channel (an app)' }]);
  });

  test('F3 is yellow: Later takes the alert down and keeps the message new on Mary’s phone', async () => {
    const messageId = await alertFrom('Jane');
    await pressKey('F3');
    await waitUntil(async () => !(await drawnTexts(frame)).includes(alertOf('Jane')), 'the alert to go');
    // Later is told to the household's other devices: Mary's phone (not connected here) has it waiting.
    await waitUntil(
      () =>
        eventsFor(product, 'phone-mary', 'voicemail.updated').some(
          (d) => d.messageId === messageId && d.state === 'later',
        ),
      'the later state for Mary’s phone',
    );
  });

  test('F1 is red: Delete asks for the PIN first', async () => {
    await alertFrom('Simon');
    await pressKey('F1');
    await tvShows(frame, 'Enter your PIN to delete');
    await pressKey('Escape');
    await waitUntil(
      async () => !(await drawnTexts(frame)).includes('Enter your PIN to delete'),
      'the PIN screen to go',
    );
  });

  test('F2 is green: Listen, whichever button has focus; the PIN typed on the keyboard plays the message', async () => {
    await alertFrom('Ana');
    await pressKey('ArrowRight'); // focus off Listen: the green key, not OK, must do it
    await pressKey('F2');
    await tvShows(frame, 'Enter your voicemail PIN');
    for (const digit of product.pins['5055551212']!) await pressKey(digit as '0');
    // Keypad: 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 OK, focus on 1: down to OK, then OK.
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'Enter'] as const)
      await pressKey(key);
    await tvShows(frame, 'Playing', 'the player', 30_000);
  });
});
