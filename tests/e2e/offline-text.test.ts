import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import {
  clickPhoneRequest,
  drawnTexts,
  FlakyLink,
  launchChromium,
  leaveVoicemail,
  pageShows,
  pressRemote,
  startProduct,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

const REPLY = 'Watching TV — I’ll call you back';
const LATER_REPLY = 'Got it, thanks!';

/** What the SMS network simulator was given to send with `text`, read from its own database. */
function smsNetworkMessages(product: RunningProduct, text: string) {
  const db = new DatabaseSync(join(product.dataDir, 'carrier-sms-network.db'), { readOnly: true });
  try {
    return db
      .prepare(
        'SELECT from_number AS "from", to_number AS "to", status FROM messages WHERE text = ? ORDER BY created_at',
      )
      .all(text)
      .map((row) => ({ ...row })) as { from: string; to: string; status: string }[];
  } finally {
    db.close();
  }
}

/** The texts our relay holds with `payload`: which device wrote each, and through which phone. */
function relayTexts(product: RunningProduct, payload: string) {
  const db = new DatabaseSync(join(product.dataDir, 'couchline.db'), { readOnly: true });
  try {
    return db
      .prepare('SELECT from_device AS "from", proxy_device AS proxy, status FROM texts WHERE payload = ?')
      .all(payload)
      .map((row) => ({ ...row })) as { from: string; proxy: string; status: string }[];
  } finally {
    db.close();
  }
}

/**
 * The README's promise "a TV that is itself offline keeps what it wrote and sends it when it is back, restarts
 * included", for real: the built emulator reaches the backend through a link that can be cut (FlakyLink); Mary's
 * phone page is online the whole time. The TV writes a reply while its connection is down, is turned off with the
 * emulator's power button, the connection comes back, the TV is turned on: the text goes, once, through Mary's
 * phone and the SMS network, and the TV's conversation shows it delivered.
 */
describe('end to end: a text written while the TV is offline goes after a restart', () => {
  let product: RunningProduct;
  let link: FlakyLink;
  let browser: Browser;
  let tv: Page;
  let phone: Page;

  before(async () => {
    product = await startProduct();
    link = new FlakyLink(product.url);
    await link.up();
    browser = await launchChromium();
    phone = await browser.newPage();
    await phone.goto(`${product.url}/phone.html?device=phone-mary`, { waitUntil: 'load' });
    tv = await browser.newPage();
    await tv.setViewport({ width: 1400, height: 820 });
    await tv.goto(`${link.url}/?inspect&alertSeconds=600`, { waitUntil: 'load' });
    await connections((n) => n === 2, 'the phone and the TV on the push channel');
  });

  after(async () => {
    await browser?.close();
    await link?.close();
    await product?.stop();
  });

  async function connections(test: (n: number) => boolean, what: string): Promise<void> {
    await waitUntil(
      async () =>
        test(
          ((await (await fetch(`${product.url}/api/health`)).json()) as { connections: number }).connections,
        ),
      what,
      30_000,
    );
  }
  /** The TV app's frame as it is now (a new one after each power-on). */
  const frame = (): Promise<Frame> =>
    waitUntil(() => tv.frames().find((f) => f.url().includes('tv.html') && !f.detached), 'the TV app');
  const shows = async (match: (text: string) => boolean, what: string, timeoutMs = 20_000) =>
    tvShows(await frame(), match, what, timeoutMs);
  const remote = async (...labels: string[]) => {
    await tv.bringToFront();
    for (const label of labels) await pressRemote(tv, label);
  };
  const power = () => tv.click('tv-emulator >>> button.power');
  /** The phone told our relay the SMS network delivered the text (its last step). */
  const relayHeardDelivered = (payload: string) =>
    waitUntil(
      () => relayTexts(product, payload).some((t) => t.status === 'delivered'),
      `the relay to hear "${payload}" was delivered`,
      30_000,
    );
  /** In the open conversation: `You: <text>`, and the line under it says it was delivered. */
  const conversationShowsDelivered = (text: string) =>
    waitUntil(
      async () => {
        const drawn = await drawnTexts(await frame());
        const at = drawn.lastIndexOf(`You: ${text}`);
        return at >= 0 && drawn[at + 1]?.endsWith('· Delivered');
      },
      `"${text}" delivered in the conversation`,
      30_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; the TV shows: ${(await drawnTexts(await frame())).join(' | ')}`);
    });

  test('written while offline, kept through a restart, sent once through Mary’s phone when the TV is back', async () => {
    // Mary's phone lets the TV text through it: asked from a reply to Jane's voicemail, allowed on the phone.
    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Hi Mary, call me back');
    await shows((t) => t === 'Voice mail from Jane 505-555-1313', 'the voicemail alert');
    await remote('Right', 'Right', 'Right', 'Right', 'OK'); // Listen → Later → Delete → Dismiss → Reply
    await shows((t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    await shows((t) => t.startsWith('No phone lets this TV send texts yet'), 'no phone allows it yet');
    await remote('OK'); // the first canned reply
    await remote(...Array<string>(7).fill('Down'), 'OK'); // to the action row: Ask the phones
    await pageShows(phone, 'Living-room TV asks to text through this phone.');
    await clickPhoneRequest(phone, 'Allow sending and copies');
    await shows((t) => t === 'Send', 'the Send button');

    // The TV's connection goes down; the TV sends: it keeps the text and says it goes when the connection is back.
    await link.down();
    await connections((n) => n === 1, 'the backend to see the TV gone (the phone stays)');
    await remote('OK'); // Send
    await shows(
      (t) => t.startsWith('Not sent yet — the TV is offline; it goes as soon as the connection is back'),
      'the text kept, not sent yet',
    );
    assert.deepEqual(relayTexts(product, REPLY), [], 'nothing reached the backend');
    assert.deepEqual(smsNetworkMessages(product, REPLY), [], 'nothing reached the SMS network');

    // Turned off while still offline; the connection comes back; turned on: the app starts anew.
    await power();
    await waitUntil(() => !tv.frames().some((f) => f.url().includes('tv.html')), 'the TV to be off');
    await link.up();
    await power();
    await connections((n) => n === 2, 'the restarted TV on the push channel again');

    // It went once: one text in our relay, from the living-room TV through Mary's phone, one SMS from her line.
    await relayHeardDelivered(REPLY);
    assert.deepEqual(relayTexts(product, REPLY), [
      { from: 'stb-living-room', proxy: 'phone-mary', status: 'delivered' },
    ]);
    assert.deepEqual(smsNetworkMessages(product, REPLY), [
      { from: '5055551212', to: '5055551313', status: 'delivered' },
    ]);
    await pageShows(phone, REPLY);

    // The TV says so, where a viewer would look after a restart: Info, Yellow (texts), OK on Jane's conversation.
    await remote('Info');
    await shows((t) => t === 'Voicemail', 'the inbox');
    await remote('Yellow');
    await shows((t) => t === 'Texts', 'the list of conversations');
    await shows((t) => t.endsWith('505-555-1313'), 'the conversation with Jane in the list');
    await remote('OK');
    await conversationShowsDelivered(REPLY);

    // A later text from the same conversation, sent and delivered: whatever the restarted TV or the phone would
    // have sent of the first one again would have gone before it.
    await remote('Green');
    await shows((t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    await remote('Down', 'Down', 'OK'); // the third canned reply
    await remote(...Array<string>(5).fill('Down'), 'OK'); // Send
    await relayHeardDelivered(LATER_REPLY);
    assert.deepEqual(smsNetworkMessages(product, REPLY), [
      { from: '5055551212', to: '5055551313', status: 'delivered' },
    ]);
    assert.equal(relayTexts(product, REPLY).length, 1);
  });
});
