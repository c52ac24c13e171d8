import { expect } from 'chai';
import type { KeyName } from '../contract/index.ts';
import { fakeWebOs, platformWindow } from '../fakes/platform-window.ts';
import { WEBOS_UA } from '../fakes/user-agents.ts';
import { WebOsAdapter } from './webos-adapter.ts';

describe('WebOsAdapter', () => {
  function setup(options: Parameters<typeof fakeWebOs>[0] = {}) {
    const webos = fakeWebOs(options);
    const platform = platformWindow({ userAgent: WEBOS_UA, globals: webos.globals });
    const adapter = new WebOsAdapter(platform.win);
    const keys: KeyName[] = [];
    adapter.on('key:pressed', ({ name }) => keys.push(name));
    adapter.start();
    return { webos, platform, adapter, keys };
  }

  it("maps LG's key codes: Back is 461, and the conventional remote's media keys", () => {
    const { platform, adapter, keys } = setup();
    for (const code of [461, 13, 415, 19, 413, 417, 412, 403, 406, 48]) platform.press(code);
    expect(keys).to.deep.equal([
      'Back',
      'Enter',
      'Play',
      'Pause',
      'Stop',
      'FastForward',
      'Rewind',
      'Red',
      'Blue',
      'Digit0',
    ]);
    // Handled by the app (disableBackHistoryAPI): the platform's history must not also go back.
    expect(platform.press(461).defaultPrevented).to.equal(true);
    adapter.dispose();
  });

  it('a relaunch brings the app forward and is reported, so the channel catches up', () => {
    const { webos, platform, adapter } = setup();
    let relaunched = 0;
    adapter.on('lifecycle:relaunched', () => relaunched++);
    platform.win.document.dispatchEvent(new Event('webOSRelaunch'));
    expect([relaunched, webos.record.activations]).to.deep.equal([1, 1]);
    adapter.dispose();
    platform.win.document.dispatchEvent(new Event('webOSRelaunch'));
    expect(relaunched).to.equal(1);
    expect(webos.record.cancelled).to.equal(1);
  });

  it('raises a system toast through the notification service, and says when the TV refuses', async () => {
    const allowed = setup();
    expect(await allowed.adapter.showSystemToast('Voice mail from Jane')).to.equal(true);
    const toasts = allowed.webos.record.requests.filter((r) => r.uri === 'luna://com.webos.notification');
    expect(toasts).to.deep.equal([
      {
        uri: 'luna://com.webos.notification',
        method: 'createToast',
        parameters: { message: 'Voice mail from Jane' },
      },
    ]);
    const refused = setup({ toastAllowed: false });
    expect(await refused.adapter.showSystemToast('Voice mail from Jane')).to.equal(false);
    allowed.adapter.dispose();
    refused.adapter.dispose();
  });

  it('vouches for the TV by its LG UDID, and for nothing when the viewer did not agree', async () => {
    const { adapter, webos } = setup();
    expect(await adapter.getPlatformIdentity()).to.deep.equal({
      platform: 'webos',
      platformId: 'LGUDID-abcdef',
    });
    webos.globals.webOSDev.LGUDID = (o: { onFailure(error: unknown): void }) =>
      o.onFailure({ errorText: 'no consent' });
    expect(await adapter.getPlatformIdentity()).to.equal(null);
    adapter.dispose();
  });

  it('describes the TV from deviceInfo and the LG UDID; exits by closing its window', async () => {
    const { platform, adapter } = setup();
    expect(await adapter.getDeviceInfo()).to.deep.equal({
      hardwareId: 'LGUDID-abcdef',
      model: 'OLED55C1',
      platformName: 'webos',
      platformVersion: '6.3.0',
    });
    adapter.exit();
    expect(platform.closed).to.equal(1);
    adapter.dispose();
  });

  it("follows the TV's Audio Guidance setting, speaks through its TTS service, and lets go on dispose", async () => {
    const { webos, adapter } = setup({ audioGuidance: true });
    const seen: boolean[] = [];
    adapter.on('accessibility:voice-guidance-changed', ({ enabled }) => seen.push(enabled));
    await new Promise<void>((resolve) => {
      const off = adapter.on('accessibility:voice-guidance-changed', () => (off(), resolve()));
    });
    expect(await adapter.speak('Voice mail from Jane', { interrupt: true })).to.equal(true);
    expect(await adapter.speak('Later')).to.equal(true);
    const speech = webos.record.requests.filter((r) => r.uri === 'luna://com.webos.service.tts');
    // `clear` cuts off what the TV was saying: the alert does, a queued line does not.
    expect(speech.map((r) => [r.method, r.parameters])).to.deep.equal([
      ['speak', { text: 'Voice mail from Jane', clear: true }],
      ['speak', { text: 'Later', clear: false }],
    ]);
    webos.setAudioGuidance(false);
    expect(seen).to.deep.equal([true, false]);
    expect(await adapter.speak('Nobody hears this')).to.equal(false);
    adapter.dispose();
    expect(webos.record.settingsCancelled).to.equal(1);
  });
});
