import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import {
  clickPhoneRequest,
  changeDemoRules,
  drawnTexts,
  launchChromium,
  leaveVoicemail,
  openEmulator,
  pageShows,
  pendingFor,
  pressRemote,
  startProduct,
  tvFrame,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

const PHONE_URL = (product: RunningProduct) => `${product.url}/phone.html?device=phone-mary`;

/**
 * Texts through the phone, for real: the TV emulator and Mary's phone page side by side on the real backend and
 * the SMS network simulator. The TV asks, the phone's holder allows it; the TV replies to a voicemail's caller
 * from the alert; the phone sends it as SMS; "Delivered" shows on the TV and the copy on the phone; the caller
 * answers through the network and the answer shows on the TV. Then the phone goes offline and comes back, the
 * network fails a text, and the phone's holder refuses a number nobody has heard from.
 */
describe('end to end: texts from the TV through the phone', () => {
  let product: RunningProduct;
  let browser: Browser;
  let tv: Page;
  let phone: Page;
  let frame: Frame;

  before(async () => {
    product = await startProduct();
    // Mary's texts go to the living-room TV as well as her voicemail.
    await changeDemoRules(product, (config) => ({
      ...config,
      relationships: config.relationships.map((r) => ({
        ...r,
        contentTypes: [...new Set([...r.contentTypes, 'sms' as const])],
      })),
    }));
    browser = await launchChromium();
    phone = await browser.newPage();
    await phone.goto(PHONE_URL(product), { waitUntil: 'load' });
    tv = await openEmulator(browser, product, 2);
    frame = await tvFrame(tv);
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const shows = (match: (text: string) => boolean, what: string, timeoutMs = 15_000) =>
    tvShows(frame, match, what, timeoutMs);
  const phoneShows = (text: string, timeoutMs = 15_000) => pageShows(phone, text, timeoutMs);
  /** Clicks a button on the phone page's texting requests (at its top) by its label, inside the element matching `within`. */
  const remote = async (...labels: string[]) => {
    await tv.bringToFront();
    for (const label of labels) await pressRemote(tv, label);
  };
  const digits = async (number: string) => {
    await tv.bringToFront();
    for (const d of number) await tv.keyboard.press(d as never);
  };
  const network = (path: string, body: unknown) =>
    fetch(`${product.smsNetworkUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((res) => assert.ok(res.ok, `${path}: ${res.status}`));
  /**
   * The text just sent was delivered: the compose screen closed itself, and the conversation shows `text` delivered
   * (a toast from an earlier text may still be up, so the toast alone proves nothing).
   */
  const delivered = async (text: string, timeoutMs = 20_000) => {
    await shows((t) => t === `You: ${text}`, 'the text in the conversation', timeoutMs);
    await waitUntil(
      async () => {
        const drawn = await drawnTexts(frame);
        const at = drawn.lastIndexOf(`You: ${text}`);
        return !drawn.includes('Text to Jane 505-555-1313') && drawn[at + 1]?.endsWith('· Delivered');
      },
      `"${text}" delivered and the compose screen closed`,
      timeoutMs,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; the TV shows: ${(await drawnTexts(frame)).join(' | ')}`);
    });
  };
  /** From the compose screen's first canned reply to its action row. */
  const toActions = () => remote(...Array<string>(7).fill('Down'));

  test('asks, replies to the caller from the voicemail alert, delivered; the answer shows on the TV', async () => {
    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Hi Mary, it is Jane, call me');
    await shows((t) => t === 'Voice mail from Jane 505-555-1313', 'the voicemail alert');
    await remote('Right', 'Right', 'Right', 'Right', 'OK'); // Listen → Later → Delete → Dismiss → Reply
    await shows((t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    await shows((t) => t.startsWith('No phone lets this TV send texts yet'), 'no phone allows it yet');
    await remote('OK'); // "Watching TV — I’ll call you back"
    await toActions();
    await remote('OK'); // Ask the phones
    await shows((t) => t.startsWith('Asked the phone'), 'asked');

    await phoneShows('Living-room TV asks to text through this phone.');
    await clickPhoneRequest(phone, 'Allow sending and copies');
    await phoneShows('Living-room TVmay send texts through this phone and sees copies'); // name, then the meta line
    await shows((t) => t === 'Send', 'the Send button');
    await remote('OK');
    await shows((t) => t === 'Text to Jane 505-555-1313 delivered', 'delivered', 20_000);
    await phoneShows('Watching TV — I’ll call you back');
    await phoneShows('To 505-555-1313 · for Living-room TV');
    await phoneShows('Delivered');

    const answer = 'Sure — after <b>the news</b> <img src=x onerror="window.__pwned=1">';
    await network('/inbound', { from: '5055551313', to: '5055551212', text: answer });
    await shows((t) => t === `Text from Jane: ${answer}`, 'the answer on the TV');
    await phoneShows(answer);
    await phoneShows('From 505-555-1313');
    await remote('Yellow'); // View
    await shows((t) => t === 'Jane 505-555-1313', 'the conversation');
    await shows((t) => t === `Jane: ${answer}`, 'the answer in it');
    await shows((t) => t === 'You: Watching TV — I’ll call you back', 'the reply in it');
    assert.equal(await frame.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
  });

  test('the phone offline: the text waits, says so, and goes when the phone is back', async () => {
    await phone.goto('about:blank');
    await shows((t) => t === 'Jane 505-555-1313', 'still in the conversation');
    await remote('Green'); // reply
    await shows((t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    await remote('Down', 'Down', 'OK'); // "Got it, thanks!"
    await remote(...Array<string>(5).fill('Down'), 'OK'); // Send
    await shows((t) => t.startsWith("Queued — waiting for Mary's phone"), 'waiting for the phone');
    // A later frame on the TV's channel, acknowledged: the rules saved again unchanged tell every display what it
    // receives. Whatever the backend had sent the TV about the text before that, the TV has handled.
    await changeDemoRules(product, (config) => config);
    await waitUntil(
      () => pendingFor(product, 'stb-living-room') === 0,
      'the TV to acknowledge what it was sent',
    );
    await shows((t) => t.startsWith("Queued — waiting for Mary's phone"), 'still waiting');

    await phone.goto(PHONE_URL(product), { waitUntil: 'load' });
    await delivered('Got it, thanks!', 30_000);
    await phoneShows('Got it, thanks!');
  });

  test('the SMS network fails a text: the reason shows, the draft is kept, and Send tries again', async () => {
    await network('/faults', { number: '5055551313', fail: true, reason: 'the number is not reachable' });
    await remote('Green');
    await shows((t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    await remote('Down', 'OK'); // "Can’t talk now. Call you later?"
    await remote(...Array<string>(6).fill('Down'), 'OK');
    await shows(
      (t) => t === 'Failed: the number is not reachable — the draft is kept: Send tries again',
      'the failure',
      20_000,
    );
    await shows((t) => t === 'Can’t talk now. Call you later?▏', 'the draft kept');
    await network('/faults', { number: '5055551313', fail: false });
    await remote('OK');
    await delivered('Can’t talk now. Call you later?');
  });

  test('a number nobody has heard from needs the phone holder’s OK; refused, the TV says so', async () => {
    // The conversation was opened from the alert, so Back closes it; the list is in the inbox, under Yellow.
    await remote('Back', 'Info');
    await shows((t) => t === 'Voicemail', 'the inbox');
    await remote('Yellow');
    await shows((t) => t === 'Texts', 'the list of conversations');
    await shows((t) => t === 'Jane 505-555-1313', 'the conversation with Jane in it');
    await remote('Green'); // a new text
    await shows((t) => t === 'New text', 'the compose screen');
    await digits('5055557777');
    await shows((t) => t === 'To: 505-555-7777', 'the number typed');
    await remote('Down', 'OK'); // the first canned reply
    await toActions();
    await remote('OK');
    await phoneShows('Living-room TV wants to text 505-555-7777, who has not written or called');
    await clickPhoneRequest(phone, "Don't send", '[data-confirm]');
    await shows(
      (t) =>
        t ===
        "Not allowed: the phone's holder did not allow texts to 505-555-7777 — the draft is kept: Send tries again",
      'refused',
    );
  });
});
