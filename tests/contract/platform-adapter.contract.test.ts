import { expect } from 'chai';
import { BrowserAdapter, TUNED_CHANNEL_MESSAGE } from '../../platform-adapters/browser/browser-adapter.ts';
import {
  KEY_NAMES,
  type PlatformAdapter,
  type PlatformIdentity,
} from '../../platform-adapters/contract/index.ts';
import { FakeAdapter } from '../../platform-adapters/fake/fake-adapter.ts';
import { CREDENTIALS_KEY } from '../../platform-adapters/shared/dom-adapter.ts';
import {
  fakeTizen,
  fakeWebOs,
  installFireboltHarness,
  platformWindow,
  type PlatformWindow,
} from '../../platform-adapters/fakes/platform-window.ts';
import { RdkAdapter, type FireboltSdk } from '../../platform-adapters/rdk/rdk-adapter.ts';
import { TizenAdapter } from '../../platform-adapters/tizen/tizen-adapter.ts';
import { WebOsAdapter } from '../../platform-adapters/webos/webos-adapter.ts';
import { TIZEN_UA, WEBOS_UA, WPE_UA } from '../../platform-adapters/fakes/user-agents.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The suite every platform adapter must pass. Each entry builds a fresh adapter over its platform (the documented
 * globals faked, or the Firebolt SDK on its own mock transport) and knows how to make that platform press OK, hide
 * and show the app, drop the network, and close the app.
 */
interface AdapterUnderTest {
  name: string;
  create(): PlatformAdapter | Promise<PlatformAdapter>;
  pressEnter(adapter: PlatformAdapter): void;
  /** Makes the platform change channel (null: no channel); only where it knows the channel. */
  tune?(adapter: PlatformAdapter, channel: string | null): void;
  setVisible?(visible: boolean): void;
  setOnline?(online: boolean): void;
  /** How many times the platform was asked to close the app. */
  exits?(): number;
  /** The identity this platform's box vouches for (its faked DUID, UDID or Firebolt id); null where it has none. */
  identity: PlatformIdentity | null;
}

const FAKE_IDENTITY: PlatformIdentity = { platform: 'rdk', platformId: 'fake-box-0001' };

const harness = installFireboltHarness();
let firebolt: FireboltSdk;
// The SDK reads its test harness when it loads, so it is loaded after the harness is in place.
before(async () => {
  firebolt = await import('@firebolt-js/sdk');
});

/** Firebolt's lifecycle and device on the SDK's mock transport; secure storage in memory (the mock's is canned). */
function fireboltSdk(): FireboltSdk {
  const store = new Map<string, string>();
  return {
    ...firebolt,
    SecureStorage: {
      get: (_scope, key) => Promise.resolve(store.get(key) ?? null),
      set: (_scope, key, value) => Promise.resolve(void store.set(key, value)),
      remove: (_scope, key) => Promise.resolve(void store.delete(key)),
    },
  };
}

let platform: PlatformWindow | null = null;
let tizen: ReturnType<typeof fakeTizen> | null = null;
let webos: ReturnType<typeof fakeWebOs> | null = null;

const ADAPTERS: AdapterUnderTest[] = [
  {
    name: 'FakeAdapter',
    create: () => new FakeAdapter({ identity: FAKE_IDENTITY }),
    identity: FAKE_IDENTITY,
    pressEnter: (adapter) => (adapter as FakeAdapter).press('Enter'),
    tune: (adapter, channel) => (adapter as FakeAdapter).tune(channel),
  },
  {
    name: 'BrowserAdapter',
    create: () => new BrowserAdapter(window),
    // A browser vouches for nothing: it enrolls by code.
    identity: null,
    pressEnter: () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })),
    // As the emulator page does (here the test page is its own parent).
    tune: (_, channel) =>
      window.postMessage({ type: TUNED_CHANNEL_MESSAGE, channel }, window.location.origin),
  },
  {
    name: 'TizenAdapter',
    create() {
      tizen = fakeTizen();
      platform = platformWindow({ userAgent: TIZEN_UA, globals: tizen.globals });
      return new TizenAdapter(platform.win);
    },
    pressEnter: () => platform!.press(13),
    setVisible: (visible) => platform!.setVisible(visible),
    setOnline: (online) => tizen!.network(online ? 4 : 5),
    exits: () => tizen!.record.exits,
    identity: { platform: 'tizen', platformId: 'DUID-0123456789' },
  },
  {
    name: 'WebOsAdapter',
    create() {
      webos = fakeWebOs();
      platform = platformWindow({ userAgent: WEBOS_UA, globals: webos.globals });
      return new WebOsAdapter(platform.win);
    },
    pressEnter: () => platform!.press(13),
    setVisible: (visible) => platform!.setVisible(visible),
    setOnline: (online) => webos!.connection(online),
    exits: () => platform!.closed,
    identity: { platform: 'webos', platformId: 'LGUDID-abcdef' },
  },
  {
    name: 'RdkAdapter',
    create() {
      platform = platformWindow({ userAgent: WPE_UA });
      return new RdkAdapter(platform.win, fireboltSdk());
    },
    pressEnter: () => platform!.press(13),
    setVisible: (visible) =>
      harness.emit('lifecycle', visible ? 'foreground' : 'background', {
        state: visible ? 'foreground' : 'background',
        previous: visible ? 'background' : 'foreground',
      }),
    setOnline: (online) =>
      harness.emit('device', 'networkChanged', {
        state: online ? 'connected' : 'disconnected',
        type: 'ethernet',
      }),
    exits: () => harness.sends.filter((s) => s.module === 'lifecycle' && s.method === 'close').length,
    // The Firebolt SDK's own mock answers Device.id() with "123".
    identity: { platform: 'rdk', platformId: '123' },
  },
];

for (const subject of ADAPTERS) {
  describe(`platform contract: ${subject.name}`, () => {
    it('answers capability questions with booleans', async () => {
      const adapter = await subject.create();
      for (const value of Object.values(adapter.capabilities)) expect(value).to.be.a('boolean');
      expect(Object.keys(adapter.capabilities).sort()).to.deep.equal(
        [
          'hasDigitKeys',
          'hasMediaKeys',
          'knowsTunedChannel',
          'supportsBackgroundAlerts',
          'supportsSystemToast',
          'canExit',
          'asksBeforeExit',
        ].sort(),
      );
    });

    it('delivers keys as logical names only after start(), and not after dispose()', async () => {
      const adapter = await subject.create();
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

    it('a listener that throws does not stop the next one', async () => {
      const adapter = await subject.create();
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
      const adapter = await subject.create();
      const info = await adapter.getDeviceInfo();
      for (const field of ['hardwareId', 'model', 'platformName', 'platformVersion'] as const) {
        expect(info[field]).to.be.a('string').and.not.equal('');
      }
      expect(adapter.isVisible()).to.be.a('boolean');
      expect(adapter.isOnline()).to.be.a('boolean');
    });

    it('changes the programme sound and restores it without throwing', async () => {
      const adapter = await subject.create();
      for (const mode of ['ducked', 'muted', 'normal'] as const) await adapter.setProgrammeAudio(mode);
    });

    it('keeps data and secrets across reads, and forgets them when asked', async () => {
      const adapter = await subject.create();
      for (const store of [adapter.storage, adapter.secureStorage]) {
        await store.set('couchline.contract-test', 'kept');
        expect(await store.get('couchline.contract-test')).to.equal('kept');
        await store.remove('couchline.contract-test');
        expect(await store.get('couchline.contract-test')).to.equal(null);
      }
      const credentials = { deviceId: 'stb-contract', token: 'secret-token-0001' };
      await adapter.setCredentials(credentials);
      expect(await adapter.getCredentials()).to.deep.equal(credentials);
      await adapter.secureStorage.remove(CREDENTIALS_KEY);
    });

    it('shows a system toast only where it has one, and says whether it did', async () => {
      const adapter = await subject.create();
      const shown = await adapter.showSystemToast('Voice mail from Jane');
      expect(shown).to.be.a('boolean');
      if (!adapter.capabilities.supportsSystemToast) expect(shown).to.equal(false);
    });

    it('closes the app through the platform where it may, and not where it may not', async () => {
      const adapter = await subject.create();
      const before = subject.exits?.() ?? 0;
      adapter.exit();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const after = subject.exits?.() ?? 0;
      expect(after - before).to.equal(adapter.capabilities.canExit && subject.exits ? 1 : 0);
    });

    if (subject.setVisible) {
      it('reports hidden and visible as the platform says, once each', async () => {
        const adapter = await subject.create();
        const seen: boolean[] = [];
        adapter.on('lifecycle:visibility-changed', ({ visible }) => seen.push(visible));
        adapter.start();
        try {
          subject.setVisible!(false);
          await waitFor(() => seen.length === 1, 'hidden');
          expect(adapter.isVisible()).to.equal(false);
          subject.setVisible!(true);
          await waitFor(() => seen.length === 2, 'visible');
          expect(seen).to.deep.equal([false, true]);
          expect(adapter.isVisible()).to.equal(true);
        } finally {
          adapter.dispose();
        }
      });
    }

    if (subject.setOnline) {
      it('reports the network going and coming back', async () => {
        const adapter = await subject.create();
        const seen: boolean[] = [];
        adapter.on('network:changed', ({ online }) => seen.push(online));
        adapter.start();
        try {
          // The platform's own first report may come after start: wait until it has settled online.
          await waitFor(() => adapter.isOnline(), 'online at first');
          seen.length = 0;
          subject.setOnline!(false);
          await waitFor(() => seen.length === 1, 'offline');
          expect(adapter.isOnline()).to.equal(false);
          subject.setOnline!(true);
          await waitFor(() => seen.length === 2, 'online again');
          expect(seen).to.deep.equal([false, true]);
        } finally {
          adapter.dispose();
        }
      });
    }

    if (subject.tune) {
      it('says which channel is on, and reports each change of channel', async () => {
        const adapter = await subject.create();
        expect(adapter.capabilities.knowsTunedChannel).to.equal(true);
        const initial = adapter.getTunedChannel();
        expect(initial === null || typeof initial === 'string').to.equal(true);
        const seen: (string | null)[] = [];
        adapter.on('tuner:changed', ({ channel }) => seen.push(channel));
        adapter.start();
        try {
          subject.tune!(adapter, '4');
          await waitFor(() => seen.length === 1, 'the change to channel 4');
          subject.tune!(adapter, null);
          await waitFor(() => seen.length === 2, 'the change to no channel');
          expect(seen).to.deep.equal(['4', null]);
          expect(adapter.getTunedChannel()).to.equal(null);
        } finally {
          adapter.dispose();
        }
      });
    } else {
      it('says it does not know the channel, and answers null', async () => {
        const adapter = await subject.create();
        expect(adapter.capabilities.knowsTunedChannel).to.equal(false);
        expect(adapter.getTunedChannel()).to.equal(null);
      });
    }

    it('forgets its credentials when cleared, and stays without them', async () => {
      const adapter = await subject.create();
      await adapter.setCredentials({ deviceId: 'stb-contract', token: 'secret-token-0002' });
      expect(await adapter.getCredentials()).to.not.equal(null);
      await adapter.clearCredentials();
      expect(await adapter.getCredentials()).to.equal(null);
      // A new adapter over the same platform storage does not find them either.
      expect(await (await subject.create()).getCredentials()).to.equal(null);
    });

    it(`vouches for the box as ${subject.identity ? subject.identity.platformId : 'nobody'}`, async () => {
      const adapter = await subject.create();
      expect(await adapter.getPlatformIdentity()).to.deep.equal(subject.identity);
    });

    it('returns null or well-formed credentials', async () => {
      const credentials = await (await subject.create()).getCredentials();
      if (credentials !== null) {
        expect(credentials.deviceId).to.be.a('string');
        expect(credentials.token).to.be.a('string');
      }
    });
  });
}
