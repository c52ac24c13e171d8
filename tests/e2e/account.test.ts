import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import type { JointAccountView } from '../../protocol/index.ts';
import {
  deposit,
  launchChromium,
  signInPhonePage,
  startProduct,
  waitUntil,
  type RunningProduct,
} from './support.ts';

const LUIS = '5055551818';
/** A phone held upright: the page must fit it without sideways scrolling. */
const PHONE_WIDTH = 390;

/**
 * The setup page for real, in Chromium against the running product: Ana logs into her cable account (a wrong
 * password first), asks for a joint account, asks Luis — on a separate wireless account — to link his line;
 * Luis refuses on his phone page, then approves when asked again; Ana routes his voicemail to her den TV,
 * gets a window wrong and sees why next to it, creates the joint account; later she logs in with its id, stops
 * the rule (at once, no Save), and the delivery log's card for the next voicemail says why the TV got nothing.
 */
describe('end to end: the joint-account setup page', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;
  let luisPhone: Page;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    // His phone is in no household yet: it joins by signing in to his own wireless account (proving the line).
    luisPhone = await signInPhonePage(browser, product, {
      deviceId: 'phone-luis',
      username: 'luis',
      number: '505-555-1818',
    });
    page = await browser.newPage();
    await page.setViewport({ width: PHONE_WIDTH, height: 844 });
    await page.goto(`${product.url}/account.html`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  const app = (selector: string) => `account-app >>> ${selector}`;
  const text = (selector: string) =>
    page.$eval(app(selector), (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
  const shows = (
    selector: string,
    expected: string | RegExp,
    what = `${selector} to say ${String(expected)}`,
  ) =>
    waitUntil(async () => {
      const actual = await text(selector).catch(() => '');
      return typeof expected === 'string' ? actual.includes(expected) : expected.test(actual);
    }, what).catch(async (error: Error) => {
      throw new Error(`${error.message}; the page says: ${await text('').catch(() => '?')}`, {
        cause: error,
      });
    });
  /** The element the keyboard is on, through shadow roots. */
  const focused = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el ? `${el.tagName.toLowerCase()}#${el.id}` : '';
    });
  const press = (key: string, times = 1) =>
    Array.from({ length: times }).reduce<Promise<void>>(
      (p) => p.then(() => page.keyboard.press(key as never)),
      Promise.resolve(),
    );
  const button = async (label: string): Promise<ElementHandle<HTMLButtonElement>> =>
    waitUntil(async () => {
      const handles = await page.$$(app('button'));
      for (const handle of handles) {
        if ((await handle.evaluate((b) => b.textContent?.trim())) === label)
          return handle as ElementHandle<HTMLButtonElement>;
      }
      return null;
    }, `a "${label}" button`);
  const answerOnLuisPhone = async (label: 'Approve' | 'Refuse') => {
    const found = await waitUntil(async () => {
      for (const b of await luisPhone.$$('phone-app >>> .consent button')) {
        if ((await b.evaluate((el) => el.textContent?.trim())) === label) return b;
      }
      return null;
    }, `the consent request on Luis's phone`);
    const asked = await luisPhone.$eval('phone-app >>> .consent', (el) => el.textContent ?? '');
    assert.match(asked, /Ana asks to link your line/);
    // A background tab draws nothing, so a real click there would wait forever for the button to be in view.
    await luisPhone.bringToFront();
    await found.click();
    await page.bringToFront();
  };
  const fitsPhone = () => page.evaluate(() => document.documentElement.scrollWidth);
  /** Types the end of the first rule's first time window (the second time field), as its change event says. */
  const setWindowEnd = async (value: string) => {
    const [, end] = await page.$$(app('rules-editor >>> input[type="time"]'));
    await end!.evaluate((input, typed) => {
      (input as HTMLInputElement).value = typed;
      input.dispatchEvent(new Event('change'));
    }, value);
  };

  test('from the first login to a working joint account, with a refused consent and a wrong password', async () => {
    // Step 1 with the keyboard alone: Tab to the account list, pick cable, Tab through, Enter submits.
    await press('Tab');
    assert.equal(await focused(), 'select#directory');
    await press('ArrowDown');
    await press('Tab');
    await page.keyboard.type('ana.fxt');
    await press('Tab');
    await page.keyboard.type('not-her-password');
    await press('Enter');
    await shows('#setup-login-password-error', 'Wrong user name or password — 4 tries left');
    assert.equal(await focused(), 'input#setup-login-password', 'the wrong field has the focus');
    assert.equal(
      await page.$eval(app('#setup-login-password'), (el) => el.getAttribute('aria-invalid')),
      'true',
    );
    await page.keyboard.down('Control');
    await press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type(product.passwords['ana.fxt']!);
    await press('Enter');

    // Step 2: the heading has the focus; Tab to the one button, Enter.
    await shows('h2', 'Step 2 of 5');
    await press('Tab');
    await press('Enter');

    // Step 3: another person's line, chosen with the arrow keys.
    await shows('h2', 'Step 3 of 5');
    await press('Tab'); // from the heading to the chosen radio button
    await press('ArrowDown');
    await press('Tab');
    assert.equal(await focused(), 'input#second-phoneNumber');
    await page.keyboard.type('505-555-1818');
    await press('Enter');
    await shows('h2', 'waiting for Luis');

    // Luis refuses on his phone: nothing is linked, and Ana is told so, back at step 3.
    await answerOnLuisPhone('Refuse');
    await shows('.prompt', 'Luis refused: nothing was linked.');
    await waitUntil(
      async () =>
        (await luisPhone.$eval('phone-app >>> .answer', (el) => el.textContent ?? '')).includes(
          'You refused Ana',
        ),
      "Luis's phone to confirm the refusal",
    );

    // Asked again, he approves.
    await page.type(app('#second-phoneNumber'), LUIS);
    await (await button('Link it')).click();
    await shows('h2', 'waiting for Luis');
    await answerOnLuisPhone('Approve');
    await shows('h2', 'Step 4 of 5', 'the page to move on by itself');
    const offered = await text('.columns');
    assert.match(offered, /Ana — FXT Digital TV\s*Den TV/);
    assert.match(offered, /Luis — XYZ Wireless \(by consent\)\s*Luis's phone — 505-555-1818/);

    // Step 4: the first rule is filled in (Luis's phone → Den TV, voicemail). A window ending before it starts
    // is refused next to the window itself.
    await (await button('Add a time window')).click();
    // The window as the card adds it, on the page: weekdays, from 09:00 to 20:00.
    const added = await waitUntil(
      () =>
        page.$(app('rules-editor >>> time-window-row')).then((row) =>
          row?.evaluate((el) => ({
            days: [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('.days input')]
              .filter((input) => input.checked)
              .map((input) => input.parentElement!.textContent.trim()),
            times: [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="time"]')].map(
              (input) => input.value,
            ),
          })),
        ),
      'the new time window',
    );
    assert.deepEqual(added, { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], times: ['09:00', '20:00'] });
    await setWindowEnd('08:00');
    await page.type(app('#create-name'), "Ana's home");
    await page.type(app('#create-password'), 'den tv and luis');
    await page.type(app('#create-passwordConfirm'), 'den tv and luis');
    await (await button('Create the joint account')).click();
    await shows('rules-editor >>> .field-error', 'A window must end after it starts');
    assert.equal(
      await page.$eval(app('rules-editor >>> [data-field="config.relationships.0.windows.0"]'), (el) =>
        el.getAttribute('aria-invalid'),
      ),
      'true',
    );
    await setWindowEnd('20:00');
    assert.ok(
      (await fitsPhone()) <= PHONE_WIDTH,
      `the rules fit a ${PHONE_WIDTH}px phone (${await fitsPhone()}px)`,
    );

    // Step 5: created, with its id and billing code, confirmed by both routers.
    await (await button('Create the joint account')).click();
    await shows('h2', 'Your joint account is ready');
    const jointAccountId = await text('[data-testid="joint-account-id"]');
    assert.match(jointAccountId, /^ja-[a-z2-9]{8}$/);
    assert.match(await text('[data-testid="billing-code"]'), /^CL-\d{4}-\d{4}$/);
    const registered = await text('.registrations');
    assert.match(registered, /Voicemail proxy: 1 route for voicemail and caller ID — confirmed/);
    assert.match(registered, /Push gateway: 1 screen told what they receive — confirmed/);
    // The backend keeps the rule as the page showed it: that window, with the end as typed.
    const login = await fetch(`${product.url}/api/joint-accounts/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jointAccountId, password: 'den tv and luis' }),
    });
    assert.equal(login.status, 200);
    const { account } = (await login.json()) as { account: JointAccountView };
    assert.deepEqual(account.config.relationships[0]?.windows, [
      { days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' },
    ]);

    // Later: stop the rule, then a voicemail for Luis reaches his phone only, and the log says why not the TV.
    await (await button('Change its rules')).click();
    await shows('h2', jointAccountId);
    // Stop applies at once: no Save needed.
    await (await button('Stop this rule')).click();
    await shows('[data-testid="change-note"]', 'Rule 1 stopped: nothing goes by it now.');
    await shows('rules-editor >>> [data-field="config.relationships.0"] legend', '(stopped)');
    await deposit(
      product.simulatorUrl,
      { callerName: 'Jane', callerNumber: '505-555-1313', say: 'Hi Luis' },
      LUIS,
    );
    await waitUntil(async () => {
      await (await button('Refresh')).click();
      return (await text('delivery-log >>> li.alert').catch(() => '')).includes('Den TV');
    }, 'the deposit in the delivery log');
    // One card for the voicemail: who called, and each device's story.
    const log = await text('delivery-log >>> li.alert');
    assert.match(log, /^Voicemail from Jane 505-555-1313/);
    assert.match(log, /Den TV Not sent: the rule is stopped/);
    assert.match(log, /Luis's phone Sent/);
    assert.ok((await fitsPhone()) <= PHONE_WIDTH, 'the delivery log fits the phone too');

    // Log out, then back in with the joint account id: a wrong password first.
    await (await button('Log out')).click();
    await page.waitForSelector(app('#joint-login-jointAccountId'));
    await page.type(app('#joint-login-jointAccountId'), jointAccountId);
    await page.type(app('#joint-password'), 'not the password');
    await press('Enter');
    await shows('#joint-password-error', 'Wrong user name or password — 4 tries left');
    await page.$eval(app('#joint-password'), (el) => ((el as HTMLInputElement).value = ''));
    await page.type(app('#joint-password'), 'den tv and luis');
    await press('Enter');
    await shows('h2', jointAccountId);
    await shows(
      'rules-editor >>> [data-field="config.relationships.0"] legend',
      "Rule 1: Luis's phone → Den TV (stopped)",
    );
  });
});
