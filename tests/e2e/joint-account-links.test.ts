import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { openRelationship, type JointAccountSaved, type ProvisioningSession } from '../../protocol/index.ts';
import {
  deposit,
  launchChromium,
  signInPhonePage,
  startProduct,
  waitUntil,
  type RunningProduct,
} from './support.ts';

const LUIS = '5055551818';
const JOINT_PASSWORD = 'ana and her den tv';

/**
 * A joint account that links a third account after it was made, for real (Chromium, the running product): Ana's
 * joint account joins her two accounts (wireless and cable); later, on the setup page, she links Luis's line — he
 * approves on his phone page — routes his voicemail to her den TV and sees it in the delivery log; then unlinks his
 * account again, told what that does, and his phone is off the household (it asks to sign in again).
 */
describe("end to end: a joint account links Luis's line after it was made, then unlinks it", () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;
  let luisPhone: Page;
  let jointAccountId: string;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    jointAccountId = await createAnasJointAccount(product);
    luisPhone = await signInPhonePage(browser, product, {
      deviceId: 'phone-luis',
      username: 'luis',
      number: LUIS,
    });
    page = await browser.newPage();
    await page.goto(`${product.url}/account.html`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const app = (selector: string) => `account-app >>> ${selector}`;
  const text = (selector: string) =>
    page.$eval(app(selector), (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
  const shows = (selector: string, expected: string) =>
    waitUntil(
      async () => (await text(selector).catch(() => '')).includes(expected),
      `${selector}: ${expected}`,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; the page says: ${await text('').catch(() => '?')}`, {
        cause: error,
      });
    });
  const button = (label: string, within = '') =>
    waitUntil(async () => {
      for (const handle of await page.$$(app(`${within} button`.trim()))) {
        if ((await handle.evaluate((b) => b.textContent?.trim())) === label)
          return handle as ElementHandle<HTMLButtonElement>;
      }
      return null;
    }, `a "${label}" button`);
  const linkedAccounts = () =>
    page.$$eval(app('linked-accounts >>> li span'), (spans) =>
      spans.map((s) => (s.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );

  test('linked by consent, routed, logged; unlinked with its phone and rule', async () => {
    await page.type(app('#joint-login-jointAccountId'), jointAccountId);
    await page.type(app('#joint-password'), JOINT_PASSWORD);
    await page.keyboard.press('Enter');
    await shows('h2', jointAccountId);
    assert.deepEqual(await linkedAccounts(), ['Ana — XYZ Wireless', 'Ana — FXT Digital TV']);

    // A third account: Luis's line, by his consent on his phone.
    await (await button('Link another account')).click();
    await page.click(app('linked-accounts >>> input[value="consent"]'));
    await page.type(app('linked-accounts >>> #link-phoneNumber'), '505-555-1818');
    await (await button('Link it', 'linked-accounts >>>')).click();
    await shows(
      'linked-accounts >>> link-consent-wait >>> .prompt',
      'We asked Luis to approve on their phone',
    );
    const approve = await waitUntil(async () => {
      for (const b of await luisPhone.$$('phone-app >>> .consent button')) {
        if ((await b.evaluate((el) => el.textContent?.trim())) === 'Approve') return b;
      }
      return null;
    }, "the request on Luis's phone");
    await luisPhone.bringToFront();
    await approve.click();
    await page.bringToFront();
    await shows('[data-testid="change-note"]', 'Luis’s XYZ Wireless account is linked');
    assert.deepEqual(await linkedAccounts(), [
      'Ana — XYZ Wireless',
      'Ana — FXT Digital TV',
      'Luis — XYZ Wireless, by consent',
    ]);

    // His voicemail to the den TV: a rule from his phone, saved.
    await (await button('Add a rule')).click();
    await page.$eval(app('rules-editor >>> rule-card:nth-of-type(2) >>> #from-1'), (el) => {
      const select = el as HTMLSelectElement;
      select.value = 'phone-luis';
      select.dispatchEvent(new Event('change'));
    });
    await shows('rules-editor >>> rule-card:nth-of-type(2) >>> legend', "Rule 2: Luis's phone → Den TV");
    await (await button('Save changes')).click();
    await shows('[role="status"]', 'Saved.');
    await deposit(
      product.simulatorUrl,
      { callerName: 'Jane', callerNumber: '505-555-1313', say: 'Hi Luis' },
      LUIS,
    );
    await waitUntil(async () => {
      await (await button('Refresh')).click();
      return (await text('delivery-log >>> li.alert').catch(() => '')).includes('Den TV');
    }, "Luis's voicemail in the delivery log");
    const card = await text('delivery-log >>> li.alert');
    assert.match(card, /^Voicemail from Jane 505-555-1313/);
    assert.match(card, /Den TV Sent/);

    // Unlinked after saying what it does: his phone leaves, with the rule that named it.
    await (await button('Unlink', 'linked-accounts >>> li[data-link-id="wireless:wacct-luis"]')).click();
    await shows(
      'linked-accounts >>> li[data-link-id="wireless:wacct-luis"]',
      'Its phones and TVs leave this joint account at once',
    );
    await (await button('Unlink it')).click();
    await shows(
      '[data-testid="change-note"]',
      "Luis’s XYZ Wireless account is unlinked: Luis's phone left this joint account, and 1 rule that named them was removed.",
    );
    assert.deepEqual(await linkedAccounts(), ['Ana — XYZ Wireless', 'Ana — FXT Digital TV']);
    assert.equal(await page.$$eval(app('rules-editor >>> rule-card'), (cards) => cards.length), 1);
    // His phone was told at once: it is out of the household, and asks to sign in again.
    await waitUntil(() => luisPhone.$('phone-app >>> phone-sign-in'), "Luis's phone asking to sign in again");
  });
});

/** Ana's joint account through the setup API (steps 1–5): her wireless and cable accounts, her phone to the den TV. */
async function createAnasJointAccount(product: RunningProduct): Promise<string> {
  const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${product.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${path} answered ${res.status}: ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const { sessionToken } = await post<ProvisioningSession>('/provisioning/login', {
    directory: 'wireless',
    username: 'ana',
    password: product.passwords['ana'],
  });
  await post('/provisioning/joint-account-request', undefined, sessionToken);
  await post(
    '/provisioning/second-account',
    { via: 'credentials', directory: 'cable', username: 'ana.fxt', password: product.passwords['ana.fxt'] },
    sessionToken,
  );
  const created = await post<JointAccountSaved>(
    '/provisioning/joint-account',
    {
      name: "Ana's home",
      password: JOINT_PASSWORD,
      config: {
        timeZone: 'America/Denver',
        callerIdOnTv: false,
        relationships: [openRelationship('rel-ana', 'phone-ana', 'stb-den')],
        privacy: {},
      },
    },
    sessionToken,
  );
  return created.account.jointAccountId;
}
