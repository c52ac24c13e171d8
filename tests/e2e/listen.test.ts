import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { launchChromium, leaveVoicemail, startProduct, waitUntil, type RunningProduct } from './support.ts';

const MARY = '5055551212';
const LONG_MESSAGE =
  'Hi Mary, it is Jane. I am calling about Saturday. We are meeting at the park at ten, then lunch at the cafe ' +
  'on Main Street. Bring the blue chairs if you still have them, and call me back when the news is over. Bye.';

/**
 * The heart of the product, for real: a caller leaves a message, the TV shows it, the viewer listens with the PIN
 * (audio transcoded by ffmpeg and streamed into Chromium), pauses, fast-forwards, rewinds, stops and deletes it;
 * then five wrong PINs lock the mailbox.
 */
describe('end to end: listening to a voicemail on the TV with the remote', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 820 });
    await page.goto(`${product.url}/?inspect&alertSeconds=600`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const tvFrame = () =>
    waitUntil(() => page.frames().find((f) => f.url().includes('tv.html')), 'the TV frame');
  const drawn = (frame: Frame) =>
    frame.evaluate(() =>
      [...document.querySelectorAll('[texture-text]')]
        .filter((el) => el.checkVisibility())
        .map((el) => el.getAttribute('texture-text') ?? ''),
    );
  const shows = (frame: Frame, text: string, timeoutMs = 15_000) =>
    waitUntil(async () => (await drawn(frame)).includes(text), `"${text}" on the TV`, timeoutMs);
  const remote = (label: string) => page.click(`tv-emulator >>> tv-remote >>> button[aria-label="${label}"]`);
  /** The player's elapsed time in seconds, read from its label. */
  const elapsed = async (frame: Frame) => {
    const label = (await drawn(frame)).find((t) => /^\d+:\d\d$/.test(t)) ?? '0:00';
    const [m, s] = label.split(':').map(Number);
    return m! * 60 + s!;
  };
  const typePin = async (pin: string) => {
    for (const digit of pin) await page.keyboard.press(digit as never);
    // The keypad's OK: down three rows, right two columns from "1".
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'Enter']) {
      await page.keyboard.press(key as never);
    }
  };

  test('Listen → PIN → streamed playback → pause, fast-forward, rewind → stop → delete', async () => {
    const frame = await tvFrame();
    await waitUntil(
      async () =>
        ((await (await fetch(`${product.url}/api/health`)).json()) as { connections: number }).connections >=
        1,
      'the TV to connect',
    );
    const messageId = await leaveVoicemail(product.simulatorUrl, 'Jane', LONG_MESSAGE);
    await shows(frame, 'Voice mail from Jane 505-555-1313');
    assert.ok((await drawn(frame)).includes('Listen'));

    await page.keyboard.press('Enter'); // Listen
    await shows(frame, 'Enter your voicemail PIN');
    await typePin(product.pins[MARY]!);
    await shows(frame, 'Playing', 20_000);
    await waitUntil(async () => (await elapsed(frame)) >= 2, 'the clock to advance', 15_000);

    await remote('Pause');
    await shows(frame, 'Paused');
    const paused = await elapsed(frame);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await elapsed(frame), paused, 'the clock stands still while paused');

    await remote('Fast-forward');
    await waitUntil(async () => (await elapsed(frame)) >= paused + 9, 'fast-forward by 10 s', 10_000);
    await remote('Rewind');
    await waitUntil(async () => (await elapsed(frame)) <= paused + 1, 'rewind by 10 s', 10_000);

    await remote('Stop');
    await shows(frame, 'Stopped');
    await remote('Red'); // delete from the player
    await shows(frame, 'Delete the message from Jane?');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await shows(frame, 'Message from Jane deleted');

    // The carrier no longer lists it, and our transcoded copy is gone.
    const key = readFileSync(join(product.dataDir, 'carrier-api-key'), 'utf8').trim();
    const list = (await (
      await fetch(`${product.simulatorUrl}/partner/mailboxes/${MARY}/messages`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as { messages: { id: string }[] };
    assert.ok(!list.messages.some((m) => m.id === messageId), 'deleted at the carrier');
    assert.equal(
      existsSync(join(product.dataDir, 'transcoded', `${messageId}.m4a`)),
      false,
      'transcoded cache removed',
    );
  });

  test('five wrong PINs lock the mailbox, and the TV says for how long', async () => {
    const frame = await tvFrame();
    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Call me');
    await shows(frame, 'Voice mail from Jane 505-555-1313');
    await page.keyboard.press('Enter');
    await shows(frame, 'Enter your voicemail PIN');
    const wrong = product.pins[MARY] === '7391' ? '7392' : '7391';
    for (let i = 0; i < 4; i++) {
      for (const digit of wrong) await page.keyboard.press(digit as never);
      await page.keyboard.press('Enter'); // focus is already on the keypad's OK
      await shows(frame, `Wrong PIN — ${4 - i} ${4 - i === 1 ? 'try' : 'tries'} left`);
    }
    for (const digit of wrong) await page.keyboard.press(digit as never);
    await page.keyboard.press('Enter');
    await shows(frame, 'Locked — try again in 15 minutes');
  });
});
