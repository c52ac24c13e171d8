import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import {
  deposit,
  drawnTexts,
  launchChromium,
  leaveVoicemail,
  openEmulator,
  pageShows,
  pageText,
  pressRemote,
  startProduct,
  tvFrame,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

const MARY = '5055551212';
const LONG_MESSAGE =
  'Hi Mary, it is Jane. I am calling about Saturday. We are meeting at the park at ten, then lunch at the cafe ' +
  'on Main Street. Bring the blue chairs if you still have them, and call me back when the news is over. Bye.';

/**
 * The heart of the product, for real: a caller leaves a message, the TV shows it, the viewer listens with the PIN
 * (audio transcoded by ffmpeg and streamed into Chromium), pauses, fast-forwards, rewinds, stops and deletes it,
 * and Mary's phone page, open beside the TV, hears of it; the other way round too. Then Later across a TV
 * restart, a recording broken in transit, and five wrong PINs that lock the mailbox on every device.
 */
describe('end to end: listening to a voicemail on the TV with the remote', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;
  let phone: Page;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    // The phone page first, so the TV's page is the tab in front (a background tab may not start media).
    phone = await browser.newPage();
    await phone.goto(`${product.url}/phone.html?device=phone-mary`, { waitUntil: 'load' });
    page = await openEmulator(browser, product, 2);
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const shows = (frame: Frame, text: string, timeoutMs = 15_000) =>
    tvShows(frame, text, `"${text}"`, timeoutMs);
  const remote = (label: string) => pressRemote(page, label);
  /** The player's elapsed time in seconds, read from its label. */
  const elapsed = async (frame: Frame) => {
    const label = (await drawnTexts(frame)).find((t) => /^\d+:\d\d$/.test(t)) ?? '0:00';
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

  const phoneText = () => pageText(phone);
  const phoneShows = (text: string, timeoutMs = 15_000) => pageShows(phone, text, timeoutMs);
  const phoneRow = (messageId: string) => `phone-app >>> voicemail-item[data-message-id="${messageId}"]`;
  const phoneHasRow = (messageId: string) =>
    phone.evaluate(
      (id) => !!document.querySelector('phone-app')?.shadowRoot?.querySelector(`[data-message-id="${id}"]`),
      messageId,
    );
  /** Clicks a button of one message's row on the phone page by its label. */
  const phoneButton = (messageId: string, label: string) =>
    waitUntil(
      () =>
        phone.evaluate(
          (id, text) => {
            const row = document
              .querySelector('phone-app')
              ?.shadowRoot?.querySelector(`voicemail-item[data-message-id="${id}"]`);
            const button = [...(row?.shadowRoot?.querySelectorAll('button') ?? [])].find(
              (b) => b.textContent?.trim() === text,
            );
            button?.click();
            return !!button;
          },
          messageId,
          label,
        ),
      `"${label}" for message ${messageId} on the phone`,
    );
  const phonePin = async (messageId: string, pin: string) => {
    const input = await waitUntil(
      () => phone.$(`${phoneRow(messageId)} >>> input[name="pin"]`),
      'the PIN field',
    );
    await input.type(pin);
    await input.press('Enter');
  };

  test('Listen → PIN → streamed playback → pause, fast-forward, rewind → stop → delete', async () => {
    const frame = await tvFrame(page);
    const messageId = await leaveVoicemail(product.simulatorUrl, 'Jane', LONG_MESSAGE);
    await shows(frame, 'Voice mail from Jane 505-555-1313');
    assert.ok((await drawnTexts(frame)).includes('Listen'));
    await phoneShows('Voice mail from Jane 505-555-1313');
    assert.ok(await phoneHasRow(messageId), 'the phone lists it');

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
    // The phone heard of it: the banner and the row are gone, and it says where it happened.
    await phoneShows('Message from Jane deleted on Living-room TV');
    assert.equal(await phoneHasRow(messageId), false);
    assert.ok(!(await phoneText()).includes('Voice mail from Jane'), 'the banner is gone');
  });

  test('deleted on the phone page: the TV takes the alert down and its inbox drops the message', async () => {
    const frame = await tvFrame(page);
    const messageId = await leaveVoicemail(product.simulatorUrl, 'Simon', 'Ring me when you can');
    await shows(frame, 'Voice mail from Simon 505-555-1313');
    await phoneButton(messageId, 'Delete');
    await phonePin(messageId, product.pins[MARY]!);
    await phoneShows('Delete the message from Simon?');
    await phoneButton(messageId, 'Delete');
    await phoneShows('Message from Simon deleted');
    await waitUntil(async () => !(await phoneHasRow(messageId)), 'the row gone from the phone');

    await waitUntil(
      async () => !(await drawnTexts(frame)).includes('Voice mail from Simon 505-555-1313'),
      'the alert taken down on the TV',
    );
    await page.keyboard.press('i'); // Info: the inbox
    await shows(frame, 'No voicemail');
    await page.keyboard.press('Escape');
  });

  test('Later keeps the message new across a TV restart, on the TV and on the phone', async () => {
    let frame = await tvFrame(page);
    const messageId = await leaveVoicemail(product.simulatorUrl, 'Ann', 'See you at eight');
    await shows(frame, 'Voice mail from Ann 505-555-1313');
    await remote('Yellow'); // Later
    await waitUntil(
      async () => !(await drawnTexts(frame)).includes('Voice mail from Ann 505-555-1313'),
      'the alert put away',
    );

    // Power the TV off and on: the app starts again from scratch (a new page), with what it saved.
    await page.click('tv-emulator >>> button.power');
    await waitUntil(() => !page.frames().some((f) => f.url().includes('tv.html')), 'the TV off');
    await page.click('tv-emulator >>> button.power');
    frame = await tvFrame(page);
    await waitUntil(
      async () =>
        ((await (await fetch(`${product.url}/api/health`)).json()) as { connections: number }).connections >=
        2,
      'the TV to connect again',
    );
    await page.keyboard.press('i');
    await shows(frame, 'Ann 505-555-1313');
    await waitUntil(
      async () => !(await drawnTexts(frame)).includes('Updating…'),
      'the inbox in step with the server',
    );
    // The server's answer redraws the rows; their new text is mirrored a frame later, so wait for it, not a snapshot.
    await tvShows(
      frame,
      (t) => t.includes('· New ·') && t.includes('See you at eight'),
      'the message still new',
    );
    assert.ok(!(await drawnTexts(frame)).includes('Voice mail from Ann 505-555-1313'), 'not alerted again');
    await page.keyboard.press('Escape');
    assert.ok(await phoneHasRow(messageId), 'still listed on the phone');
    const row = await phone.$(phoneRow(messageId));
    assert.match((await row!.evaluate((el) => el.shadowRoot!.textContent)) ?? '', /\bNew\b/);
  });

  test("a recording broken in transit: the TV says it can't be played and why, and it can still be deleted", async () => {
    const frame = await tvFrame(page);
    await deposit(product.simulatorUrl, {
      callerName: 'Bob',
      callerNumber: '505-555-1313',
      say: 'This recording lost its end on the way',
      damage: 'truncate',
    });
    await shows(frame, 'Voice mail from Bob 505-555-1313');
    await page.keyboard.press('Enter'); // Listen
    await shows(frame, 'Enter your voicemail PIN');
    await typePin(product.pins[MARY]!);
    await shows(frame, "This message can't be played (truncated)", 20_000);
    await remote('Red');
    await shows(frame, 'Delete the message from Bob?');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await shows(frame, 'Message from Bob deleted');
  });

  test('five wrong PINs on the TV lock the mailbox on every device, and each says for how long', async () => {
    const frame = await tvFrame(page);
    const messageId = await leaveVoicemail(product.simulatorUrl, 'Jane', 'Call me');
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

    // The right PIN on the phone is refused too: the carrier counts failures per mailbox, not per device.
    await phoneButton(messageId, 'Play');
    await phonePin(messageId, product.pins[MARY]!);
    await phoneShows('Locked — try again in 15 minutes');
  });
});
