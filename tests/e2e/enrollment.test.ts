import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import type { HouseholdDeviceList } from '../../protocol/index.ts';
import {
  changeDemoRules,
  deposit,
  drawnTexts,
  launchChromium,
  leaveVoicemail,
  pageShows,
  pageText,
  pressRemote,
  startProduct,
  tvFrame,
  tvShows,
  waitUntil,
  type RunningProduct,
} from './support.ts';

/**
 * A real device joins for real: the emulator as a new TV with no token shows its code, Mary approves it on the
 * setup page as a new kitchen screen, and the TV starts and receives the next voicemail its rule sends. Then Mary
 * removes her phone on the devices page: the phone page is told at once and gets nothing more.
 */
describe('end to end: enrollment by code, and removing a device', () => {
  let product: RunningProduct;
  let browser: Browser;
  let tv: Page;
  let setup: Page;
  let sessionToken = '';

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const app = (selector: string) => `account-app >>> ${selector}`;

  /** Clicks the button of `selector` whose text is `label`, once there is one. */
  const clickButton = async (page: Page, selector: string, label: string) => {
    const button = await waitUntil(async () => {
      for (const b of await page.$$(selector)) {
        if ((await b.evaluate((el) => el.textContent?.trim())) === label) return b;
      }
      return undefined;
    }, `the "${label}" button`);
    await button.click();
  };

  const outboxFor = (deviceId: string, messageId: string): number => {
    const db = new DatabaseSync(join(product.dataDir, 'couchline.db'), { readOnly: true });
    try {
      return (
        db
          .prepare('SELECT COUNT(*) AS n FROM outbox WHERE device_id = ? AND data LIKE ?')
          .get(deviceId, `%${messageId}%`) as { n: number }
      ).n;
    } finally {
      db.close();
    }
  };

  const devicesOfDemo = async (sessionToken: string) =>
    (
      (await (
        await fetch(`${product.url}/api/joint-accounts/hh_demo/devices`, {
          headers: { authorization: `Bearer ${sessionToken}` },
        })
      ).json()) as HouseholdDeviceList
    ).devices;

  test('a new TV shows a code; approved on the setup page as a new screen, it starts and gets the next alert', async () => {
    tv = await browser.newPage();
    await tv.setViewport({ width: 1400, height: 820 });
    await tv.goto(`${product.url}/?device=new&inspect&alertSeconds=600`, { waitUntil: 'load' });
    const frame = await tvFrame(tv);
    const code = await tvShows(
      frame,
      (t) => /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/.test(t),
      'a code',
    );
    const shown = (await drawnTexts(frame)).join(' ');
    assert.match(shown, new RegExp(`${product.url.replace(/[.:/]/g, '\\$&')}/account\\.html`));

    // What the QR code opens: the setup page with the code filled in; Mary logs into her joint account.
    setup = await browser.newPage();
    await setup.setViewport({ width: 1200, height: 900 });
    await setup.goto(`${product.url}/account.html?code=${code}`, { waitUntil: 'load' });
    await setup.waitForSelector(app('#joint-login-jointAccountId'));
    await setup.type(app('#joint-login-jointAccountId'), 'hh_demo');
    await setup.type(app('#joint-password'), product.jointPassword);
    await setup.keyboard.press('Enter');
    const request = await setup.waitForSelector(app('enroll-device >>> [data-testid="enroll-request"]'));
    assert.match((await request!.evaluate((el) => el.textContent)) ?? '', /asks to join/);
    await setup.click(app('enroll-device >>> input[name="as"][value="new"]'));
    await setup.type(app('enroll-device >>> #enroll-room'), 'Kitchen');
    await setup.type(app('enroll-device >>> #enroll-name'), 'Kitchen TV');
    await clickButton(setup, app('enroll-device >>> button'), 'Approve');
    await pageShows(setup, 'Kitchen TV has joined');

    // The TV collects its token on its next poll and starts: it is on the channel as the kitchen screen (once it
    // is in front again: a hidden app lets its socket go, as on a real box).
    await tv.bringToFront();
    const login = await fetch(`${product.url}/api/joint-accounts/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jointAccountId: 'hh_demo', password: product.jointPassword }),
    });
    ({ sessionToken } = (await login.json()) as { sessionToken: string });
    const kitchen = await waitUntil(
      async () => (await devicesOfDemo(sessionToken)).find((d) => d.name === 'Kitchen TV' && d.online),
      'the kitchen TV online',
      20_000,
    );
    assert.deepEqual([kitchen.kind, kitchen.room, kitchen.enrolled], ['stb', 'Kitchen', true]);

    // Mary's voicemail goes to the kitchen too, and the next one shows there.
    await changeDemoRules(product, (config) => ({
      ...config,
      relationships: [
        ...config.relationships,
        { ...config.relationships[0]!, id: 'rel-mary-kitchen', targetDeviceId: kitchen.id },
      ],
    }));
    await leaveVoicemail(product.simulatorUrl, 'Jane', 'Hi Mary, welcome to the kitchen');
    await tvShows(frame, 'Voice mail from Jane 505-555-1313');
  });

  test('removing a phone on the devices page stops its page at once; the next voicemail waits, undelivered', async () => {
    const phone = await browser.newPage();
    await phone.goto(`${product.url}/phone.html?device=phone-mary`, { waitUntil: 'load' });
    await waitUntil(
      async () => (await devicesOfDemo(sessionToken)).find((d) => d.id === 'phone-mary' && d.online),
      "Mary's phone on the channel",
    );
    // The devices section of the setup page, still logged in: back to the household, Remove, and confirm. (A
    // background tab draws nothing, so clicks there would wait for a frame: each page comes to the front in turn.)
    await setup.bringToFront();
    await clickButton(setup, 'account-app >>> button', "Back to Mary and Simon's home");
    await clickButton(setup, app('household-devices >>> button'), 'Update the list');
    const removeButton = await waitUntil(
      () =>
        setup.$(
          app(
            `household-devices >>> li[data-device-id="phone-mary"] button[aria-label="Remove Mary's phone"]`,
          ),
        ),
      'the Remove button',
    );
    await removeButton.click();
    const confirm = await waitUntil(
      () => setup.$(app('household-devices >>> li[data-device-id="phone-mary"] .confirm button.danger')),
      'the confirmation',
    );
    await confirm.click();
    await phone.bringToFront();
    await pageShows(phone, 'This phone was removed from the household');
    const listed = (await devicesOfDemo(sessionToken)).find((d) => d.id === 'phone-mary')!;
    assert.deepEqual([listed.enrolled, listed.online], [false, false]);

    const messageId = await deposit(product.simulatorUrl, {
      callerName: 'Simon',
      callerNumber: '505-555-1414',
      say: 'Mary, are you there?',
    });
    // The TVs still get Mary's voicemail; her removed phone is not on the channel, so its copy waits unsent.
    await tv.bringToFront();
    // Jane's alert (from the first test) goes first: Back dismisses it, then Simon's shows.
    const frame = await tvFrame(tv);
    await pressRemote(tv, 'Back');
    await tvShows(frame, 'Voice mail from Simon 505-555-1414');
    await waitUntil(() => outboxFor('phone-mary', messageId) === 1, "the alert queued for Mary's phone");
    assert.ok(
      !(await pageText(phone)).includes('Simon'),
      'the removed phone page shows nothing of the new voicemail',
    );
  });
});
