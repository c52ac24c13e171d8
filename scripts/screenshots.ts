// Takes a screenshot of each TV screen in the emulator, driven with the remote against the real product, of the
// phone page beside it, and of the joint-account setup page:
//   npm run build && node scripts/screenshots.ts      → docs/screenshots/*.png
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  changeDemoRules,
  launchChromium,
  leaveVoicemail,
  openEmulator,
  startProduct,
  waitUntil,
  withCallerId,
} from '../tests/e2e/support.ts';

const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const product = await startProduct();
const browser = await launchChromium();
try {
  const page = await openEmulator(browser, product);
  const shot = async (name: string, waitMs = 1200) => {
    await new Promise((r) => setTimeout(r, waitMs));
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  };
  await leaveVoicemail(
    product.simulatorUrl,
    'Jane',
    'Hi Mary, it is Jane. Call me back when the news is over. Bye for now, talk soon.',
  );
  await shot('1-alert', 2500);
  await page.keyboard.press('Enter');
  await page.keyboard.press('8');
  await shot('2-pin', 150);
  for (const key of [
    '1',
    '1',
    '1',
    'ArrowDown',
    'ArrowDown',
    'ArrowDown',
    'ArrowRight',
    'ArrowRight',
    'Enter',
  ]) {
    await page.keyboard.press(key as never);
  }
  await shot('3-pin-wrong');
  for (const digit of product.pins['5055551212']!) await page.keyboard.press(digit as never);
  await page.keyboard.press('Enter');
  await shot('4-player', 2500);
  await page.click('tv-emulator >>> tv-remote >>> button[aria-label="Red"]');
  await shot('5-confirm-delete');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await shot('6-deleted');

  // The inbox, with one message kept for later and one heard.
  await leaveVoicemail(product.simulatorUrl, 'Simon', 'Running late, see you at eight. Save me some dinner.');
  await waitUntil(async () => (await fetch(`${product.url}/api/health`)).ok, 'the backend');
  await new Promise((r) => setTimeout(r, 1500));
  await page.click('tv-emulator >>> tv-remote >>> button[aria-label="Yellow"]'); // Later
  await page.keyboard.press('i');
  await shot('7-inbox');
  // Green on Simon's row: a text back to him, on the compose screen.
  await page.keyboard.press('F2');
  await shot('13-compose');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // Mary's phone: the same inbox, and what happened on the TV.
  const phone = await browser.newPage();
  await phone.setViewport({ width: 480, height: 760 });
  await phone.goto(`${product.url}/phone.html?device=phone-mary`, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 2000));
  await phone.screenshot({ path: join(out, '8-phone.png') });
  console.log('docs/screenshots/8-phone.png');
  await phone.close();

  // Caller ID, once the household turned it on: the call across the top while it rings.
  await changeDemoRules(product, withCallerId);
  await fetch(`${product.simulatorUrl}/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: '505-555-1212', callerName: 'Jane', callerNumber: '505-555-1313' }),
  });
  await shot('9-caller-id', 1500);

  // The setup page: Ana's cable and wireless accounts linked, the rules being chosen, at a laptop's width.
  const account = await browser.newPage();
  await account.setViewport({ width: 1100, height: 1500 });
  await account.goto(`${product.url}/account.html`, { waitUntil: 'load' });
  await account.select('account-app >>> #directory', 'cable');
  await account.type('account-app >>> #setup-login-username', 'ana.fxt');
  await account.type('account-app >>> #setup-login-password', product.passwords['ana.fxt']!);
  await account.keyboard.press('Enter');
  await (await account.waitForSelector('account-app >>> section.card button'))!.click();
  await account.waitForSelector('account-app >>> #second-username');
  await account.select('account-app >>> #directory2', 'wireless');
  await account.type('account-app >>> #second-username', 'ana');
  await account.type('account-app >>> #second-password', product.passwords['ana']!);
  await account.keyboard.press('Enter');
  await account.waitForSelector('account-app >>> rules-editor');
  await new Promise((r) => setTimeout(r, 800));
  await account.screenshot({ path: join(out, '10-account-rules.png'), fullPage: true });
  console.log('docs/screenshots/10-account-rules.png');

  // A new TV joins: its code and QR code in the emulator, then the setup page approving it and the household's
  // phones and TVs.
  const tv = await browser.newPage();
  await tv.setViewport({ width: 1400, height: 820 });
  await tv.goto(`${product.url}/?device=new&inspect`, { waitUntil: 'load' });
  const frame = await waitUntil(() => tv.frames().find((f) => f.url().includes('tv.html')), 'the TV frame');
  const code = await waitUntil(
    () =>
      frame.evaluate(() =>
        [...document.querySelectorAll('[texture-text]')]
          .map((el) => el.getAttribute('texture-text') ?? '')
          .find((t) => /^[A-Z]{4}-[A-Z]{4}$/.test(t)),
      ),
    'the code on the TV',
  );
  await new Promise((r) => setTimeout(r, 1000));
  await tv.screenshot({ path: join(out, '11-enroll-tv.png') });
  console.log('docs/screenshots/11-enroll-tv.png');
  const approve = await browser.newPage();
  await approve.setViewport({ width: 1100, height: 1100 });
  await approve.goto(`${product.url}/account.html?code=${code}`, { waitUntil: 'load' });
  await waitUntil(() => approve.$('account-app >>> #joint-login-jointAccountId'), 'the joint-account login');
  await approve.type('account-app >>> #joint-login-jointAccountId', 'hh_demo');
  await approve.type('account-app >>> #joint-password', product.jointPassword);
  await approve.keyboard.press('Enter');
  await waitUntil(() => approve.$('account-app >>> [data-testid="enroll-request"]'), 'the request');
  await approve.click('account-app >>> enroll-device >>> input[name="as"][value="new"]');
  await approve.type('account-app >>> enroll-device >>> #enroll-room', 'Kitchen');
  await new Promise((r) => setTimeout(r, 500));
  await approve.screenshot({ path: join(out, '12-enroll-approve.png'), fullPage: true });
  console.log('docs/screenshots/12-enroll-approve.png');

  // A backlog: three voicemails while the living-room TV was off become one summary when it comes back.
  await page.close();
  for (const name of ['Ann', 'Bob', 'Cat']) await leaveVoicemail(product.simulatorUrl, name, 'Call me back.');
  const back = await openEmulator(browser, product);
  await new Promise((r) => setTimeout(r, 3000));
  await back.screenshot({ path: join(out, '14-backlog-summary.png') });
  console.log('docs/screenshots/14-backlog-summary.png');
} finally {
  await browser.close();
  await product.stop();
}
