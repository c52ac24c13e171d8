import { expect } from 'chai';
import { MOCK_PIN } from '../../mocks/mock-voicemail.ts';
import { messageFixture } from '../../mocks/fixtures.ts';
import { startPlaybackRig } from '../helpers/playback-rig.ts';
import { waitFor } from '../helpers/wait.ts';
import { programmeSoundRig } from '../../web/emulator/programme-sound-rig.ts';
import type { ProgrammeSoundMeter } from '../../web/emulator/programme-sound-meter.ts';

/**
 * The emulator's programme sound (issue 15): the TV app, on its browser adapter in a frame as in the emulator, plays
 * a voicemail; the page around it hears the app's message and lowers the programme while the message plays, then
 * gives it back. Read as the gain set and as the level measured after it.
 */
describe('emulator: the programme sound is lowered while a voicemail plays', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const { meter, adapter } = await programmeSoundRig(cleanups);
    const rig = await startPlaybackRig({ adapter });
    cleanups.push(rig.stop);
    return { meter, ...rig };
  }

  /** The level measured over a few frames (the bed is noise: one window alone varies). */
  async function steadyLevel(meter: ProgrammeSoundMeter): Promise<number> {
    let sum = 0;
    for (let i = 0; i < 8; i++) {
      await new Promise(requestAnimationFrame);
      sum += meter.sound.level();
    }
    return sum / 8;
  }

  it('is heard before, lowered during playback, and restored after Stop', async () => {
    const { meter, api, playback } = await setup();
    await waitFor(() => meter.sound.level() > 0.01, 'the programme heard');
    expect(meter.sound.gain).to.equal(1);
    const before = await steadyLevel(meter);

    const session = await api.unlock('m1', MOCK_PIN);
    await playback.start(messageFixture('m1'), session);
    await waitFor(() => playback.status$.value.state === 'playing', 'playback');
    await waitFor(() => meter.mode === 'ducked', 'the emulator told to lower the programme');
    expect(meter.sound.gain).to.equal(0.2);
    expect(meter.renderRoot.textContent).to.include('Programme sound lowered');
    await waitFor(() => meter.sound.level() < before * 0.4, 'the level down');

    playback.audio!.stop();
    await waitFor(() => meter.mode === 'normal', 'the programme sound back');
    expect(meter.sound.gain).to.equal(1);
    await waitFor(() => meter.sound.level() > before * 0.6, 'the level back up');
  });
});
