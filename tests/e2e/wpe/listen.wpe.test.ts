import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { leaveVoicemail, startProduct, waitUntil, type RunningProduct } from '../support.ts';
import { openEmulatorInWpe, type WpePage } from './wpe-page.ts';

const MARY = '5055551212';
const LONG_MESSAGE =
  'Hi Mary, it is Jane. I am calling about Saturday. We are meeting at the park at ten, then lunch at the cafe ' +
  'on Main Street. Bring the blue chairs if you still have them, and call me back when the news is over. Bye.';

/**
 * Listening in WPE WebKit, the engine RDK boxes ship: from the alert, OK, the PIN with the digit keys, and the
 * message transcoded by ffmpeg streams into WPE's media pipeline (GStreamer) and plays; Stop stops it. A wrong PIN
 * says how many tries are left. The Chromium story is ../listen.test.ts.
 */
describe('end to end in WPE: listening to a voicemail on the TV with the remote', () => {
  let product: RunningProduct;
  let page: WpePage;

  before(async () => {
    product = await startProduct();
    page = await openEmulatorInWpe(product);
  });

  after(async () => {
    await page?.close();
    await product?.stop();
  });

  /** The player's elapsed time in seconds, read from its label. */
  const elapsed = async () => {
    const label = (await page.drawnTexts()).find((t) => /^\d+:\d\d$/.test(t)) ?? '0:00';
    const [m, s] = label.split(':').map(Number);
    return m! * 60 + s!;
  };
  /** The digits with the digit keys, then the keypad's OK: down three rows, right two columns (no wrapping). */
  const typePin = async (pin: string) => {
    for (const digit of pin) await page.press(digit);
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'Enter']) {
      await page.press(key);
    }
  };
  /** The TV app's one `<audio>` element (the player's). */
  const audio = async () => {
    const elements = await page.audioElements();
    assert.equal(elements.length, 1, 'one audio element in the TV app');
    return elements[0]!;
  };

  test('OK → PIN with the digit keys → the message plays in WPE → Stop', async () => {
    await leaveVoicemail(product.simulatorUrl, 'Jane', LONG_MESSAGE);
    await page.tvShows('Voice mail from Jane 505-555-1313');
    assert.ok((await page.drawnTexts()).includes('Listen'), 'the alert offers Listen');

    await page.pressRemote('OK'); // Listen has the focus
    await page.tvShows('Enter your voicemail PIN');
    await typePin(product.pins[MARY]!);
    await page.tvShows('Playing', undefined, 20_000);

    // The media element itself plays: its clock advances, unpaused and without error, and the player's follows.
    const first = await waitUntil(async () => {
      const state = await audio();
      return state.currentTime > 0.2 ? state : undefined;
    }, 'the audio element to start');
    await waitUntil(
      async () => (await audio()).currentTime >= first.currentTime + 1.5,
      'the audio clock to advance',
    );
    const playing = await audio();
    assert.equal(playing.paused, false);
    assert.equal(playing.error, null);
    assert.ok(playing.readyState >= 2, `readyState ${playing.readyState}: it has data for the current time`);
    await waitUntil(async () => (await elapsed()) >= 2, "the player's clock to advance");

    await page.pressRemote('Stop');
    await page.tvShows('Stopped');
    const stopped = await audio();
    assert.equal(stopped.paused, true, 'Stop pauses the element');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await audio()).currentTime, stopped.currentTime, 'its clock stands still once stopped');
    assert.ok((await page.drawnTexts()).includes('Stopped'));

    await page.press('Escape');
    await waitUntil(async () => !(await page.drawnTexts()).includes('Stopped'), 'the player closed');
  });

  test('a wrong PIN says how many tries are left, and the right one then plays', async () => {
    await leaveVoicemail(product.simulatorUrl, 'Simon', 'Ring me when you can, it is about the boat');
    await page.tvShows('Voice mail from Simon 505-555-1313');
    await page.pressRemote('OK');
    await page.tvShows('Enter your voicemail PIN');
    const wrong = product.pins[MARY] === '7391' ? '7392' : '7391';
    await typePin(wrong);
    const said = await page.tvShows((t) => t.startsWith('Wrong PIN'), 'the wrong PIN said');
    assert.equal(said, 'Wrong PIN — 4 tries left');
    assert.ok((await page.drawnTexts()).includes('Enter your voicemail PIN'), 'still asking for the PIN');

    await typePin(product.pins[MARY]!);
    await page.tvShows('Playing', undefined, 20_000);
    await waitUntil(async () => (await audio()).currentTime > 0.5, 'the audio clock to advance');
    assert.equal((await audio()).paused, false);
  });
});
