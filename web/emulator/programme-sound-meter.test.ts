import { expect } from 'chai';
import { PROGRAMME_AUDIO_MESSAGE } from '../../platform-adapters/browser/browser-adapter.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import { programmeSoundRig } from './programme-sound-rig.ts';

/**
 * The emulator's programme sound and meter: started as by the viewer's first click, it follows what the TV app in
 * its frame asks through the browser adapter. (A whole voicemail played under it: tests/integration/
 * emulator-programme-sound.test.ts.)
 */
describe('emulator: programme sound meter', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const setup = async () => {
    const rig = await programmeSoundRig(cleanups);
    expect(rig.silentBeforeStart).to.equal(true);
    return rig;
  };

  it('mutes and restores as the app asks, and ignores what is not its message', async () => {
    const { meter, adapter: frameAdapter } = await setup();
    await waitFor(() => meter.sound.level() > 0.01, 'the programme heard');
    const asked: string[] = [];
    const setMode = meter.sound.setMode.bind(meter.sound);
    meter.sound.setMode = (mode) => {
      asked.push(mode);
      setMode(mode);
    };
    window.postMessage({ type: PROGRAMME_AUDIO_MESSAGE, mode: 'loud' }, window.location.origin);
    await frameAdapter.setProgrammeAudio('muted');
    await waitFor(() => meter.mode === 'muted', 'muted');
    // The malformed message came first: had it counted, it would be in the list before "muted".
    expect(asked).to.deep.equal(['muted']);
    expect(meter.sound.gain).to.equal(0);
    await waitFor(() => meter.sound.level() < 0.005, 'silence');
    await frameAdapter.setProgrammeAudio('normal');
    await waitFor(() => meter.mode === 'normal', 'normal');
    await waitFor(() => meter.sound.level() > 0.01, 'the programme heard again');
  });
});
