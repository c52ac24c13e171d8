import { expect } from 'chai';
import type { KeyName } from '../contract/index.ts';
import { installFireboltHarness, platformWindow } from '../fakes/platform-window.ts';
import { WPE_UA } from '../fakes/user-agents.ts';
import { RdkAdapter, type FireboltSdk } from './rdk-adapter.ts';

// The Firebolt SDK on its own mock transport, with its test harness (installed before the SDK loads).
const harness = installFireboltHarness();
let sdk: FireboltSdk;
before(async () => {
  sdk = await import('@firebolt-js/sdk');
});

describe('RdkAdapter (Firebolt)', () => {
  function setup(options: { search?: string; globals?: Record<string, unknown> } = {}) {
    const platform = platformWindow({ userAgent: WPE_UA, ...options });
    const adapter = new RdkAdapter(platform.win, sdk);
    const keys: KeyName[] = [];
    adapter.on('key:pressed', ({ name }) => keys.push(name));
    adapter.start();
    return { platform, adapter, keys };
  }
  const sent = (module: string, method: string) =>
    harness.sends.filter((s) => s.module === module && s.method === method);

  it("uses Firebolt's key table unless the operator names RDKShell's, or gives its own", () => {
    const press = (options: Parameters<typeof setup>[0]) => {
      const { platform, adapter, keys } = setup(options);
      for (const code of [8, 227, 228, 403, 405]) platform.press(code);
      adapter.dispose();
      return keys;
    };
    expect(press({})).to.deep.equal(['Back', 'Rewind', 'FastForward', 'Red', 'Yellow']);
    // RDKShell's defaults: 227 is PlayPause and the colours are in another order.
    expect(press({ search: '?keymap=rdkshell' })).to.deep.equal(['Back', 'PlayPause', 'Yellow', 'Red']);
    expect(press({ globals: { __couchline: { keys: { 8: 'Back', 403: 'Green' } } } })).to.deep.equal([
      'Back',
      'Green',
    ]);
  });

  it('tells Firebolt when it is ready, and closes with "remoteButton" for Back at its root', async () => {
    const { adapter } = setup();
    const [ready, close] = [sent('lifecycle', 'ready').length, sent('lifecycle', 'close').length];
    adapter.ready();
    adapter.exit();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent('lifecycle', 'ready')).to.have.length(ready + 1);
    expect(sent('lifecycle', 'close').at(-1)?.params).to.deep.equal({ reason: 'remoteButton' });
    expect(sent('lifecycle', 'close')).to.have.length(close + 1);
    adapter.dispose();
  });

  it('only "foreground" is visible: inactive and background let the channel go', async () => {
    const { adapter } = setup();
    const seen: boolean[] = [];
    adapter.on('lifecycle:visibility-changed', ({ visible }) => seen.push(visible));
    const go = (state: string, previous: string) => harness.emit('lifecycle', state, { state, previous });
    await new Promise((resolve) => setTimeout(resolve, 20));
    go('foreground', 'inactive');
    go('inactive', 'foreground');
    go('background', 'inactive');
    go('foreground', 'background');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).to.deep.equal([false, true]);
    adapter.dispose();
  });

  it('describes the box from Device, each answer on its own', async () => {
    const { adapter } = setup();
    const info = await adapter.getDeviceInfo();
    expect(info.platformName).to.match(/^rdk/);
    for (const value of Object.values(info)) expect(value).to.be.a('string').and.not.equal('');
    expect(sent('device', 'model')).to.have.length.greaterThan(0);
    adapter.dispose();
  });
});
