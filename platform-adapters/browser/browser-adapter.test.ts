import { expect } from 'chai';
import type { KeyPressPayload } from '../contract/index.ts';
import { platformWindow } from '../fakes/platform-window.ts';
import { BrowserAdapter, browserCredentialsKey } from './browser-adapter.ts';

function press(key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  window.dispatchEvent(event);
  return event;
}

describe('BrowserAdapter', () => {
  function setup() {
    const adapter = new BrowserAdapter(window);
    const keys: KeyPressPayload[] = [];
    adapter.on('key:pressed', (k) => keys.push(k));
    adapter.start();
    return { adapter, keys };
  }

  it('maps keyboard and W3C remote key values to logical names', () => {
    const { adapter, keys } = setup();
    for (const key of [
      'ArrowUp',
      'Enter',
      'Escape',
      'Backspace',
      '7',
      'MediaPlay',
      'MediaFastForward',
      'ColorF0Red',
      'F4',
      ' ',
    ]) {
      press(key);
    }
    expect(keys.map((k) => k.name)).to.deep.equal([
      'Up',
      'Enter',
      'Back',
      'Back',
      'Digit7',
      'Play',
      'FastForward',
      'Red',
      'Blue',
      'PlayPause',
    ]);
    adapter.dispose();
  });

  it('swallows the keys it handles and lets others through', () => {
    const { adapter, keys } = setup();
    expect(press('ArrowDown').defaultPrevented).to.equal(true);
    expect(press('q').defaultPrevented).to.equal(false);
    expect(press('r', { ctrlKey: true }).defaultPrevented).to.equal(false);
    expect(keys.map((k) => k.name)).to.deep.equal(['Down']);
    adapter.dispose();
  });

  it('reports held keys as repeats', () => {
    const { adapter, keys } = setup();
    press('ArrowRight');
    press('ArrowRight', { repeat: true });
    expect(keys.map((k) => k.repeat)).to.deep.equal([false, true]);
    adapter.dispose();
  });

  it('stops listening after dispose', () => {
    const { adapter, keys } = setup();
    adapter.dispose();
    press('Enter');
    expect(keys).to.have.length(0);
  });

  it('finds no credentials without a device in the URL', async () => {
    const adapter = new BrowserAdapter(window);
    localStorage.setItem(browserCredentialsKey('stb-x'), 'token');
    expect(await adapter.getCredentials()).to.equal(null);
  });

  it("keeps a screen's credentials under its name, whichever device it enrolled as, and forgets them", async () => {
    const screen = `new-${Math.random().toString(36).slice(2)}`;
    const page = platformWindow({ userAgent: navigator.userAgent, search: `?device=${screen}` });
    const adapter = new BrowserAdapter(page.win);
    expect(await adapter.getCredentials()).to.equal(null);
    await adapter.setCredentials({ deviceId: 'stb-bedroom', token: 'enrolled-token-0001' });
    expect(await new BrowserAdapter(page.win).getCredentials()).to.deep.equal({
      deviceId: 'stb-bedroom',
      token: 'enrolled-token-0001',
    });
    await adapter.clearCredentials();
    expect(await adapter.getCredentials()).to.equal(null);
    expect(localStorage.getItem(browserCredentialsKey(screen))).to.equal(null);
  });

  it('reads a demo box the emulator paired (its token alone, under its own id)', async () => {
    const page = platformWindow({ userAgent: navigator.userAgent, search: '?device=stb-demo-x' });
    localStorage.setItem(browserCredentialsKey('stb-demo-x'), 'demo-token-0001');
    expect(await new BrowserAdapter(page.win).getCredentials()).to.deep.equal({
      deviceId: 'stb-demo-x',
      token: 'demo-token-0001',
    });
    localStorage.removeItem(browserCredentialsKey('stb-demo-x'));
  });
});
