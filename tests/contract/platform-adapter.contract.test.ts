import { expect } from 'chai';
import { BrowserAdapter, TUNED_CHANNEL_MESSAGE } from '../../platform-adapters/browser/browser-adapter.ts';
import { KEY_NAMES, type PlatformAdapter } from '../../platform-adapters/contract/index.ts';
import { FakeAdapter } from '../../platform-adapters/fake/fake-adapter.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The suite every platform adapter must pass. Each entry builds a fresh adapter and knows how to make its
 * platform produce a key press and a visibility change.
 */
interface AdapterUnderTest {
  name: string;
  create(): PlatformAdapter;
  pressEnter(adapter: PlatformAdapter): void;
  /** Makes the platform change channel (null: no channel). */
  tune(adapter: PlatformAdapter, channel: string | null): void;
}

const ADAPTERS: AdapterUnderTest[] = [
  {
    name: 'FakeAdapter',
    create: () => new FakeAdapter(),
    pressEnter: (adapter) => (adapter as FakeAdapter).press('Enter'),
    tune: (adapter, channel) => (adapter as FakeAdapter).tune(channel),
  },
  {
    name: 'BrowserAdapter',
    create: () => new BrowserAdapter(window),
    pressEnter: () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })),
    // As the emulator page does (here the test page is its own parent).
    tune: (_, channel) =>
      window.postMessage({ type: TUNED_CHANNEL_MESSAGE, channel }, window.location.origin),
  },
];

for (const subject of ADAPTERS) {
  describe(`platform contract: ${subject.name}`, () => {
    it('answers capability questions with booleans', () => {
      const adapter = subject.create();
      for (const value of Object.values(adapter.capabilities)) expect(value).to.be.a('boolean');
      expect(Object.keys(adapter.capabilities).sort()).to.deep.equal(
        [
          'hasDigitKeys',
          'hasMediaKeys',
          'knowsTunedChannel',
          'supportsBackgroundAlerts',
          'supportsSystemToast',
        ].sort(),
      );
    });

    it('delivers keys as logical names only after start(), and not after dispose()', () => {
      const adapter = subject.create();
      const names: string[] = [];
      adapter.on('key:pressed', ({ name }) => names.push(name));
      subject.pressEnter(adapter);
      adapter.start();
      subject.pressEnter(adapter);
      adapter.dispose();
      subject.pressEnter(adapter);
      expect(names).to.deep.equal(['Enter']);
      for (const name of names) expect(KEY_NAMES).to.include(name);
    });

    it('a listener that throws does not stop the next one', () => {
      const adapter = subject.create();
      let reached = false;
      adapter.on('key:pressed', () => {
        throw new Error('listener bug');
      });
      adapter.on('key:pressed', () => (reached = true));
      adapter.start();
      const original = console.error;
      console.error = () => {};
      try {
        subject.pressEnter(adapter);
      } finally {
        console.error = original;
        adapter.dispose();
      }
      expect(reached).to.equal(true);
    });

    it('describes the device and reports visibility and network as booleans', async () => {
      const adapter = subject.create();
      const info = await adapter.getDeviceInfo();
      for (const field of ['hardwareId', 'model', 'platformName', 'platformVersion'] as const) {
        expect(info[field]).to.be.a('string').and.not.equal('');
      }
      expect(adapter.isVisible()).to.be.a('boolean');
      expect(adapter.isOnline()).to.be.a('boolean');
    });

    it('changes the programme sound and restores it without throwing', async () => {
      const adapter = subject.create();
      for (const mode of ['ducked', 'muted', 'normal'] as const) await adapter.setProgrammeAudio(mode);
    });

    it('says which channel is on, and reports each change of channel', async () => {
      const adapter = subject.create();
      expect(adapter.capabilities.knowsTunedChannel).to.equal(true);
      const initial = adapter.getTunedChannel();
      expect(initial === null || typeof initial === 'string').to.equal(true);
      const seen: (string | null)[] = [];
      adapter.on('tuner:changed', ({ channel }) => seen.push(channel));
      adapter.start();
      try {
        subject.tune(adapter, '4');
        await waitFor(() => seen.length === 1, 'the change to channel 4');
        subject.tune(adapter, null);
        await waitFor(() => seen.length === 2, 'the change to no channel');
        expect(seen).to.deep.equal(['4', null]);
        expect(adapter.getTunedChannel()).to.equal(null);
      } finally {
        adapter.dispose();
      }
    });

    it('returns null or well-formed credentials', async () => {
      const credentials = await subject.create().getCredentials();
      if (credentials !== null) {
        expect(credentials.deviceId).to.be.a('string');
        expect(credentials.token).to.be.a('string');
      }
    });
  });
}
