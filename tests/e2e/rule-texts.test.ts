import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import type { JointAccountView } from '../../protocol/index.ts';
import { launchChromium, pageShows, startProduct, waitUntil, type RunningProduct } from './support.ts';

/** Mary's rule in the demo (server/seed.ts): her phone's voicemail to the living-room TV. */
const MARYS_RULE = "Rule 1: Mary's phone → Living-room TV";

/**
 * README: Jane's answer shows on the TV "if Mary's rule sends texts to that TV: tick "Texts" on the setup page".
 * The box, ticked (and unticked) on the real page and saved, is what the backend's rule says; that a rule with
 * texts routes them is the relay's test (server/texts/text-relay.test.ts).
 */
describe('end to end: the setup page’s "Texts" box', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${product.url}/account.html`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const app = (selector: string) => `account-app >>> ${selector}`;

  /** What the backend keeps for Mary's rule: the kinds of content it sends to the TV. */
  async function savedContentTypes(): Promise<string[]> {
    const login = await fetch(`${product.url}/api/joint-accounts/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jointAccountId: 'hh_demo', password: product.jointPassword }),
    });
    const { account } = (await login.json()) as { account: JointAccountView };
    return account.config.relationships.find((r) => r.id === 'rel-mary-living-room')!.contentTypes;
  }

  /** The checkbox labelled `label` in Mary's rule card. */
  async function box(label: string) {
    const rule = await waitUntil(async () => {
      for (const card of await page.$$(app('rules-editor >>> rule-card >>> fieldset'))) {
        const legend = await card.$eval('legend', (el) => el.textContent.replace(/\s+/g, ' ').trim());
        if (legend === MARYS_RULE) return card;
      }
      return null;
    }, 'Mary’s rule');
    for (const input of await rule.$$('label input[type="checkbox"]')) {
      const text = await input.evaluate((el) => el.parentElement!.textContent.trim());
      if (text === label) return input;
    }
    throw new Error(`no "${label}" box in Mary's rule`);
  }

  async function clickButton(label: string): Promise<void> {
    const found = await waitUntil(async () => {
      for (const handle of await page.$$(app('button'))) {
        if ((await handle.evaluate((b) => b.textContent?.trim())) === label) return handle;
      }
      return null;
    }, `a "${label}" button`);
    await found.click();
  }

  test('ticked and saved, Mary’s rule sends texts; unticked, not', async () => {
    assert.deepEqual(await savedContentTypes(), ['voicemail']);
    await page.type(app('#joint-login-jointAccountId'), 'hh_demo');
    await page.type(app('#joint-password'), product.jointPassword);
    await page.keyboard.press('Enter');
    await pageShows(page, 'hh_demo');

    const texts = await box('Texts');
    assert.equal(await texts.evaluate((el) => el.checked), false);
    await texts.click();
    await clickButton('Save changes');
    await pageShows(page, 'Saved.');
    assert.deepEqual((await savedContentTypes()).sort(), ['sms', 'voicemail']);

    await (await box('Texts')).click();
    await clickButton('Save changes');
    await waitUntil(async () => !(await savedContentTypes()).includes('sms'), 'texts out of the rule');
    assert.deepEqual(await savedContentTypes(), ['voicemail']);
  });
});
