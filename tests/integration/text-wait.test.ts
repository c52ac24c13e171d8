import { expect } from 'chai';
import { readConfig } from '../../app/core/config.ts';
import { MOCK_CREDENTIALS, messageFixture, profileFixture } from '../../mocks/fixtures.ts';
import type { KeyName } from '../../platform-adapters/contract/index.ts';
import { startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

/**
 * README: "If her phone is offline the text waits an hour (`?textWaitMinutes=` on the TV's URL)". The TV loaded
 * with that URL sends its texts with that wait, and says so; the relay keeping to a text's own wait is the relay's
 * test (server/texts/text-relay.test.ts).
 */
describe('TV app: the text wait from its URL', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function sendFromTvAt(url: string) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.voicemail.add(messageFixture('m1'));
    mock.texting.profiles.set(STB, [profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] })]);
    const { textWaitMinutes } = readConfig(new URL(url), {});
    const { app, adapter, stop } = await startTestTv({ config: { textWaitMinutes } });
    cleanups.push(stop);
    await waitFor(
      () => app.texting?.access$.value.state === 'allowed',
      'allowed to text through Mary’s phone',
    );
    const press = (...keys: KeyName[]) => keys.forEach((k) => adapter.press(k));
    press('Info');
    await waitFor(() => visibleTexts(app.root).includes('Voicemail'), 'the inbox');
    // The heading is drawn before the list arrives; Green needs a selected row.
    await waitFor(() => visibleTexts(app.root).includes('Jane 505-555-1313'), 'Jane’s message in the inbox');
    press('Green'); // text the selected caller back
    await waitFor(() => visibleTexts(app.root).includes('Text to Jane 505-555-1313'), 'the compose screen');
    // The first canned reply, then down past two more replies and four keyboard rows to Send.
    press('Enter', ...Array<KeyName>(7).fill('Down'), 'Enter');
    await waitFor(() => mock.texting.sent.length === 1, 'the text at the relay');
    return { app, sent: mock.texting.sent[0]!.body };
  }

  it('?textWaitMinutes=5: the text is sent with a 5-minute wait, and the TV says it is kept 5 minutes', async () => {
    const { app, sent } = await sendFromTvAt('http://127.0.0.1:8080/tv.html?textWaitMinutes=5');
    expect(sent.waitMinutes).to.equal(5);
    await waitFor(
      () =>
        visibleTexts(app.root).includes(
          "Queued — waiting for Mary's phone (kept 5 minutes if it is offline)",
        ),
      'the queued status with the wait',
    );
  });

  it('without it, an hour', async () => {
    const { app, sent } = await sendFromTvAt('http://127.0.0.1:8080/tv.html?device=stb-living-room');
    expect(sent.waitMinutes).to.equal(60);
    await waitFor(
      () =>
        visibleTexts(app.root).includes("Queued — waiting for Mary's phone (kept 1 hour if it is offline)"),
      'the queued status with the wait',
    );
  });
});
