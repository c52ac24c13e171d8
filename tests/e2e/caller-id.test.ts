import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import {
  changeDemoRules,
  drawnTexts,
  launchChromium,
  openEmulator,
  startProduct,
  tvFrame,
  waitUntil,
  withCallerId,
  type RunningProduct,
} from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Caller ID for real: the household turns it on (joint-account API, as the setup page does), `npm run call --ring`
 * rings Mary's line through the carrier simulator, the living-room TV shows who is calling while it rings, takes
 * it down when the call goes to voicemail, and then shows the voicemail alert.
 */
describe('end to end: caller ID on the TV', () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;

  before(async () => {
    product = await startProduct();
    browser = await launchChromium();
    page = await openEmulator(browser, product);
  });

  after(async () => {
    await browser?.close();
    await product?.stop();
  });

  function call(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['scripts/call.ts', ...args, '--simulator', product.simulatorUrl],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`npm run call failed: ${out}`)),
      );
    });
  }

  test('rings on the TV while it rings, then the voicemail it went to', async () => {
    await changeDemoRules(product, withCallerId);
    const frame = await tvFrame(page);
    const calling = call([
      '--from',
      'Jane',
      '--number',
      '505-555-1313',
      '--to',
      '505-555-1212',
      '--ring',
      '3',
      '--say',
      'Hi Mary, it is Jane',
    ]);
    await waitUntil(
      async () => (await drawnTexts(frame)).includes('Jane 505-555-1313 is calling Mary'),
      'the call on the TV',
    );
    await waitUntil(
      async () => !(await drawnTexts(frame)).some((t) => t.includes('is calling')),
      'the call to come down when it goes to voicemail',
      10_000,
    );
    await waitUntil(
      async () => (await drawnTexts(frame)).includes('Voice mail from Jane 505-555-1313'),
      'the voicemail alert',
    );
    assert.match(
      await calling,
      /No answer: the call goes to voicemail\.[\s\S]*left a .* voicemail for 505-555-1212/,
    );
  });
});
