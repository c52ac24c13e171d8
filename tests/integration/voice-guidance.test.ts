import { expect } from 'chai';
import { AppError, AppErrorCode } from '../../client/errors.ts';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import { MOCK_PIN } from '../../mocks/mock-voicemail.ts';
import type { KeyName } from '../../platform-adapters/contract/index.ts';
import { pushBarrier, startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

/**
 * Voice guidance (issue 15): with the platform's accessibility setting on, the TV says a new alert, the item the
 * remote moves to, the PIN's errors and the player's state through the platform's speech (the fake adapter records
 * what it was asked to say). The expected lines are the wording.
 */
describe('TV app: voice guidance through the platform speech', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(voiceGuidance: boolean) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const { app, adapter, stop } = await startTestTv({ voiceGuidance });
    cleanups.push(stop);
    await waitFor(() => app.push?.state === 'online', 'online');
    const press = (...keys: KeyName[]) => keys.forEach((k) => adapter.press(k));
    const said = () => adapter.spoken.map((line) => line.text);
    return { ...mock, app, adapter, press, said };
  }

  it('says a new alert with its caller as text, then each button the remote moves to', async () => {
    const { gateway, app, press, said } = await setup(true);
    gateway.publish(
      STB,
      'voicemail.new',
      'voicemail.new:m1',
      voicemailFixture('m1', { callerName: 'Jane <b>Doe</b>' }),
    );
    const line = 'Voice mail from Jane <b>Doe</b>, 505-555-1313, for Mary. OK to listen, Back to dismiss';
    await waitFor(() => said().includes(line), 'the alert said');
    // The focus the alert took (Listen) is not said over the alert's own line.
    expect(said()).to.deep.equal([line]);
    press('Right');
    await waitFor(() => said().at(-1) === 'Later', 'Later said');
    press('Right');
    await waitFor(() => said().at(-1) === 'Delete', 'Delete said');
    press('Left', 'Left');
    await waitFor(() => said().at(-1) === 'Listen', 'Listen said');
    // A burst of keys says where the focus ended, not every step on the way.
    expect(said()).to.deep.equal([line, 'Later', 'Delete', 'Listen']);
    expect(visibleTexts(app.root)).to.include('Listen');
  });

  it("says the PIN's error, then the player's state as the viewer plays, pauses and stops", async () => {
    const { gateway, voicemail, press, said } = await setup(true);
    voicemail.add(messageFixture('m1'));
    gateway.publish(STB, 'voicemail.new', 'voicemail.new:m1', voicemailFixture('m1'));
    await waitFor(() => said().some((l) => l.startsWith('Voice mail from Jane')), 'the alert said');
    press('Enter');
    // Four digits, then the keypad's OK tile (as tests/integration/tv-listen.test.ts walks to it).
    press('Digit1', 'Digit1', 'Digit1', 'Digit1', 'Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
    await waitFor(() => said().includes('Wrong PIN — 4 tries left'), 'the wrong PIN said');
    // OK still has the focus: the right PIN, then OK.
    press(...([...MOCK_PIN].map((d) => `Digit${d}`) as KeyName[]), 'Enter');
    await waitFor(() => said().includes('Playing'), 'Playing said', 8000);
    press('Pause');
    await waitFor(() => said().at(-1) === 'Paused', 'Paused said');
    press('Stop');
    await waitFor(() => said().at(-1) === 'Stopped', 'Stopped said');
  });

  it('says nothing while the setting is off, and follows it when the viewer turns it on', async () => {
    const { gateway, app, adapter, press, said } = await setup(false);
    gateway.publish(STB, 'voicemail.new', 'voicemail.new:m1', voicemailFixture('m1'));
    await waitFor(() => visibleTexts(app.root).includes('Voice mail from Jane 505-555-1313'), 'the alert');
    press('Right');
    await pushBarrier(gateway, STB);
    expect(said()).to.deep.equal([]);
    adapter.setVoiceGuidance(true);
    press('Right');
    await waitFor(() => said().length > 0, 'something said');
    expect(said()).to.deep.equal(['Delete']);
  });

  it('says the errors a viewer must know, and not the internal ones', async () => {
    const { app, press, said } = await setup(true);
    app.bus.emit('app:error', {
      error: new AppError(AppErrorCode.PushBadFrame, 'a frame that was not JSON'),
    });
    app.bus.emit('app:error', {
      error: new AppError(AppErrorCode.StorageFailed, 'IndexedDB refused the write'),
    });
    await waitFor(() => said().length > 0, 'an error said');
    expect(said()).to.deep.equal(['Couchline could not save on this TV']);
    press('Info');
    await waitFor(() => said().length > 1, 'the inbox focus said');
    // What is said is what the inbox draws (its first texts).
    expect(visibleTexts(app.root)).to.include(said()[1]!.split(', ')[0]);
  });
});
