import { expect } from 'chai';
import type { KeyName } from '../contract/index.ts';
import { fakeTizen, platformWindow } from '../fakes/platform-window.ts';
import { TIZEN_UA } from '../fakes/user-agents.ts';
import { TizenAdapter } from './tizen-adapter.ts';

describe('TizenAdapter', () => {
  function setup(options: Parameters<typeof fakeTizen>[0] = {}) {
    const tizen = fakeTizen(options);
    const platform = platformWindow({ userAgent: TIZEN_UA, globals: tizen.globals });
    const adapter = new TizenAdapter(platform.win);
    const keys: KeyName[] = [];
    adapter.on('key:pressed', ({ name }) => keys.push(name));
    adapter.start();
    return { tizen, platform, adapter, keys };
  }

  it("maps Samsung's key codes, Back (10009) and the colour, media and channel keys included", () => {
    const { platform, adapter, keys } = setup();
    const codes = [
      38, 40, 37, 39, 13, 10009, 48, 57, 415, 19, 10252, 413, 417, 412, 403, 404, 405, 406, 427, 428, 457,
    ];
    for (const code of codes) platform.press(code, 'XF86Whatever');
    expect(keys).to.deep.equal([
      'Up',
      'Down',
      'Left',
      'Right',
      'Enter',
      'Back',
      'Digit0',
      'Digit9',
      'Play',
      'Pause',
      'PlayPause',
      'Stop',
      'FastForward',
      'Rewind',
      'Red',
      'Green',
      'Yellow',
      'Blue',
      'ChannelUp',
      'ChannelDown',
      'Info',
    ]);
    expect(platform.press(10009).defaultPrevented).to.equal(true);
    expect(platform.press(65, 'a').defaultPrevented).to.equal(false);
    adapter.dispose();
  });

  it('registers the keys it uses in one batch — only those the remote has, never Exit — and lets them go', () => {
    const { tizen, adapter } = setup();
    expect(tizen.record.batches).to.have.length(1);
    expect(tizen.record.batches[0]).to.include.members(['0', '9', 'MediaPlayPause', 'ColorF0Red', 'Info']);
    expect(tizen.record.batches[0]).not.to.include('Exit');
    adapter.dispose();
    expect(tizen.record.unregistered).to.have.members(tizen.record.batches[0]!);
  });

  it('a Smart Remote without digits or media keys: says so, and registers each key alone when the batch fails', () => {
    const { tizen, adapter } = setup({
      remoteKeys: ['ColorF0Red', 'ColorF1Green', 'Info'],
      batchFails: true,
    });
    expect(adapter.capabilities.hasDigitKeys).to.equal(false);
    expect(adapter.capabilities.hasMediaKeys).to.equal(false);
    expect(tizen.record.registered).to.deep.equal(['ColorF0Red', 'ColorF1Green', 'Info']);
    adapter.dispose();
  });

  it('asks before it exits, and exits through tizen.application', () => {
    const { tizen, adapter } = setup();
    expect(adapter.capabilities.asksBeforeExit).to.equal(true);
    adapter.exit();
    expect(tizen.record.exits).to.equal(1);
    adapter.dispose();
  });

  it('describes the TV from productinfo and the user agent', async () => {
    const { adapter } = setup();
    expect(await adapter.getDeviceInfo()).to.deep.equal({
      hardwareId: 'DUID-0123456789',
      model: 'UE55TU8000KXXU',
      platformName: 'tizen',
      platformVersion: '5.5',
    });
    adapter.dispose();
  });

  it('vouches for the TV by its DUID, and for nothing without the Product API or its privilege', async () => {
    const { adapter, tizen } = setup();
    expect(await adapter.getPlatformIdentity()).to.deep.equal({
      platform: 'tizen',
      platformId: 'DUID-0123456789',
    });
    tizen.globals.webapis.productinfo.getDuid = () => {
      throw new Error('SecurityError: productinfo privilege missing');
    };
    expect(await adapter.getPlatformIdentity()).to.equal(null);
    const bare = platformWindow({ userAgent: TIZEN_UA, globals: { tizen: tizen.globals.tizen } });
    expect(await new TizenAdapter(bare.win).getPlatformIdentity()).to.equal(null);
    adapter.dispose();
  });

  it('follows the gateway connection, and stops listening on dispose', () => {
    const { tizen, adapter } = setup();
    const seen: boolean[] = [];
    adapter.on('network:changed', ({ online }) => seen.push(online));
    tizen.network(5);
    tizen.network(5);
    tizen.network(4);
    expect(seen).to.deep.equal([false, true]);
    adapter.dispose();
    expect(tizen.record.networkListeners.size).to.equal(0);
  });

  it('reads each line from one focused off-screen element, as text, while the Voice Guide is on', async () => {
    const { tizen, adapter } = setup({ voiceGuide: true });
    expect(adapter.isVoiceGuidanceOn()).to.equal(true);
    expect(await adapter.speak('Voice mail from <img src=x onerror=alert(1)>')).to.equal(true);
    expect(await adapter.speak('Listen')).to.equal(true);
    expect(await adapter.speak('Listen')).to.equal(true);
    // Read again each time (focus moves away and back), and never parsed as markup.
    expect(tizen.record.spoken).to.deep.equal([
      'Voice mail from <img src=x onerror=alert(1)>',
      'Listen',
      'Listen',
    ]);
    const lines = document.querySelectorAll('[data-couchline="spoken-line"]');
    expect(lines.length).to.equal(1);
    expect(lines[0]!.querySelector('img')).to.equal(null);
    adapter.dispose();
    tizen.dispose();
    expect(document.querySelectorAll('[data-couchline="spoken-line"]').length).to.equal(0);
    expect(tizen.record.menuListeners.size).to.equal(0);
  });
});
