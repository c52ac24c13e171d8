import { expect } from 'chai';
import {
  BrowserAdapter,
  PROGRAMME_AUDIO_MESSAGE,
  TUNED_CHANNEL_MESSAGE,
  VOICE_GUIDANCE_MESSAGE,
} from '../../platform-adapters/browser/browser-adapter.ts';
import {
  KEY_NAMES,
  type PlatformAdapter,
  type PlatformIdentity,
} from '../../platform-adapters/contract/index.ts';
import { FakeAdapter } from '../../platform-adapters/fake/fake-adapter.ts';
import { CREDENTIALS_KEY } from '../../platform-adapters/shared/dom-adapter.ts';
import {
  fakeSpeechSynthesis,
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
 * and show the app, drop the network, and close the app; how to start the app again over the same platform; and
 * what the platform was asked.
 */
interface AdapterUnderTest {
  name: string;
  /** A new adapter over a new platform (its stores empty). */
  create(): PlatformAdapter | Promise<PlatformAdapter>;
  /** A new adapter over the platform of the last one created, its stores kept: the app started again. */
  restart(): PlatformAdapter;
  pressEnter(adapter: PlatformAdapter): void;
  /** Makes the platform change channel (null: no channel); only where it knows the channel. */
  tune?(adapter: PlatformAdapter, channel: string | null): void;
  setVisible?(visible: boolean): void;
  setOnline?(online: boolean): void;
  /** How many times the platform was asked to close the app. */
  exits(adapter: PlatformAdapter): number;
  /** The lines the platform was asked to show in its notification area; only where it has one. */
  systemToasts?(adapter: PlatformAdapter): string[];
  /** What the platform (or the emulator page) was asked about the programme's sound, in order. */
  programmeSoundCalls(adapter: PlatformAdapter): unknown[];
  /**
   * Whether the app can lower the programme alone. Where the programme plays behind the app (the emulator page) it
   * can; on a set-top box a third-party app is full screen while in front (`supportsBackgroundAlerts` is false) and
   * its only sound control is the master volume, which would lower the voicemail too — so it asks for nothing.
   */
  lowersProgramme: boolean;
  /** The identity this platform's box vouches for (its faked DUID, UDID or Firebolt id); null where it has none. */
  identity: PlatformIdentity | null;
  /** Whether the platform's voice guidance is on when the app starts (Firebolt's mock says it is). */
  voiceGuidanceAtStart: boolean;
  /** The viewer turns the platform's voice guidance on or off, in its accessibility menu. */
  setVoiceGuidance(adapter: PlatformAdapter, on: boolean): void;
  /** What the platform's speech was asked (or, on Tizen, its Voice Guide read), in order. */
  spoken(adapter: PlatformAdapter): string[];
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
let rdkSdk: FireboltSdk | null = null;
let rdkSpeech: ReturnType<typeof fakeSpeechSynthesis> | null = null;
let fakeStores = { storage: new Map<string, string>(), secure: new Map<string, string>() };

/** The TV app's frame inside the emulator; this test page plays the emulator page around it. */
interface EmulatorFrame {
  win: Window;
  /** What the app posted to the emulator about the programme's sound. */
  programmeSound: unknown[];
  closes: number;
  /** What the frame's speechSynthesis was asked to say. */
  speech: ReturnType<typeof fakeSpeechSynthesis>;
}
let frame: EmulatorFrame | null = null;

async function emulatorFrame(): Promise<EmulatorFrame> {
  for (const old of document.querySelectorAll('iframe.emulator-frame')) old.remove();
  const element = document.createElement('iframe');
  element.className = 'emulator-frame';
  element.src = new URL('./emulator-frame.html', import.meta.url).href;
  const loaded = new Promise((resolve) => element.addEventListener('load', resolve, { once: true }));
  document.body.append(element);
  await loaded;
  const speech = fakeSpeechSynthesis();
  const state: EmulatorFrame = { win: element.contentWindow!, programmeSound: [], closes: 0, speech };
  // The frame's own window.close would close the app: count it instead.
  state.win.close = () => void state.closes++;
  // A headless engine may have no voice (and WPE no speechSynthesis at all): the frame's is a recording fake.
  for (const [name, value] of Object.entries(speech.globals)) {
    Object.defineProperty(state.win, name, { value, configurable: true });
  }
  return state;
}

// What the app posts to its parent, the emulator. (Its source reads as this page, not the frame: the adapter's code
// runs in this page's realm, and a message's source is the window of the code that posted it.)
addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: unknown; mode?: unknown } | null;
  if (frame && data?.type === PROGRAMME_AUDIO_MESSAGE) {
    frame.programmeSound.push(data.mode);
  }
});

const ADAPTERS: AdapterUnderTest[] = [
  {
    name: 'FakeAdapter',
    create() {
      fakeStores = { storage: new Map(), secure: new Map() };
      return new FakeAdapter({ identity: FAKE_IDENTITY, stores: fakeStores });
    },
    restart: () => new FakeAdapter({ identity: FAKE_IDENTITY, stores: fakeStores }),
    identity: FAKE_IDENTITY,
    pressEnter: (adapter) => (adapter as FakeAdapter).press('Enter'),
    tune: (adapter, channel) => (adapter as FakeAdapter).tune(channel),
    exits: (adapter) => (adapter as FakeAdapter).exitCalls,
    programmeSoundCalls: (adapter) => (adapter as FakeAdapter).programmeAudio,
    lowersProgramme: true,
    voiceGuidanceAtStart: false,
    setVoiceGuidance: (adapter, on) => (adapter as FakeAdapter).setVoiceGuidance(on),
    spoken: (adapter) => (adapter as FakeAdapter).spoken.map((line) => line.text),
  },
  {
    name: 'BrowserAdapter',
    async create() {
      frame = await emulatorFrame();
      return new BrowserAdapter(frame.win);
    },
    restart: () => new BrowserAdapter(frame!.win),
    // A browser vouches for nothing: it enrolls by code.
    identity: null,
    pressEnter: () => frame!.win.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })),
    // As the emulator page does: it posts to the app's frame.
    tune: (_, channel) =>
      frame!.win.postMessage({ type: TUNED_CHANNEL_MESSAGE, channel }, window.location.origin),
    exits: () => frame!.closes,
    programmeSoundCalls: () => frame!.programmeSound,
    lowersProgramme: true,
    voiceGuidanceAtStart: false,
    // As the emulator page's "Voice guidance" toggle does.
    setVoiceGuidance: (_, enabled) =>
      frame!.win.postMessage({ type: VOICE_GUIDANCE_MESSAGE, enabled }, window.location.origin),
    spoken: () => frame!.speech.record.spoken,
  },
  {
    name: 'TizenAdapter',
    create() {
      tizen?.dispose();
      tizen = fakeTizen();
      platform = platformWindow({ userAgent: TIZEN_UA, globals: tizen.globals });
      return new TizenAdapter(platform.win);
    },
    restart: () => new TizenAdapter(platform!.win),
    pressEnter: () => platform!.press(13),
    setVisible: (visible) => platform!.setVisible(visible),
    setOnline: (online) => tizen!.network(online ? 4 : 5),
    exits: () => tizen!.record.exits,
    programmeSoundCalls: () => tizen!.record.audio,
    lowersProgramme: false,
    identity: { platform: 'tizen', platformId: 'DUID-0123456789' },
    voiceGuidanceAtStart: false,
    setVoiceGuidance: (_, on) => tizen!.setVoiceGuide(on),
    spoken: () => tizen!.record.spoken,
  },
  {
    name: 'WebOsAdapter',
    create() {
      webos = fakeWebOs();
      platform = platformWindow({ userAgent: WEBOS_UA, globals: webos.globals });
      return new WebOsAdapter(platform.win);
    },
    restart: () => new WebOsAdapter(platform!.win),
    pressEnter: () => platform!.press(13),
    setVisible: (visible) => platform!.setVisible(visible),
    setOnline: (online) => webos!.connection(online),
    exits: () => platform!.closed,
    systemToasts: () =>
      webos!.record.requests
        .filter((r) => r.uri === 'luna://com.webos.notification' && r.method === 'createToast')
        .map((r) => String(r.parameters?.message)),
    programmeSoundCalls: () =>
      webos!.record.requests.filter((r) => r.uri.startsWith('luna://com.webos.audio')),
    lowersProgramme: false,
    identity: { platform: 'webos', platformId: 'LGUDID-abcdef' },
    voiceGuidanceAtStart: false,
    setVoiceGuidance: (_, on) => webos!.setAudioGuidance(on),
    spoken: () =>
      webos!.record.requests
        .filter((r) => r.uri === 'luna://com.webos.service.tts' && r.method === 'speak')
        .map((r) => String(r.parameters?.text)),
  },
  {
    name: 'RdkAdapter',
    create() {
      rdkSpeech = fakeSpeechSynthesis();
      platform = platformWindow({ userAgent: WPE_UA, globals: rdkSpeech.globals });
      rdkSdk = fireboltSdk();
      return new RdkAdapter(platform.win, rdkSdk);
    },
    restart: () => new RdkAdapter(platform!.win, rdkSdk!),
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
    // Anything sent to the platform counts: Firebolt gives an app no control of the programme's sound.
    programmeSoundCalls: () => harness.sends.map((s) => `${s.module}.${s.method}`),
    lowersProgramme: false,
    // The Firebolt SDK's own mock answers Device.id() with "123".
    identity: { platform: 'rdk', platformId: '123' },
    // ...and voiceGuidanceSettings() with enabled: true.
    voiceGuidanceAtStart: true,
    setVoiceGuidance: (_, enabled) =>
      harness.emit('accessibility', 'voiceGuidanceSettingsChanged', {
        enabled,
        navigationHints: true,
        rate: 1,
      }),
    spoken: () => rdkSpeech!.record.spoken,
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

    it(
      subject.lowersProgramme
        ? 'lowers, mutes and restores the programme sound through the platform, in order'
        : 'leaves the programme sound alone (the platform gives an app no control of it apart from the voicemail)',
      async () => {
        const adapter = await subject.create();
        const before = subject.programmeSoundCalls(adapter).length;
        for (const mode of ['ducked', 'muted', 'normal'] as const) await adapter.setProgrammeAudio(mode);
        const expected = subject.lowersProgramme ? ['ducked', 'muted', 'normal'] : [];
        // The emulator hears the app by message, a task later; a set-top box is asked at once or not at all.
        await waitFor(
          () => subject.programmeSoundCalls(adapter).length - before >= expected.length,
          'the asks',
        );
        expect(subject.programmeSoundCalls(adapter).slice(before)).to.deep.equal(expected);
      },
    );

    it('speaks only while the platform voice guidance is on, and reports each change of the setting', async () => {
      const adapter = await subject.create();
      const changes: boolean[] = [];
      adapter.on('accessibility:voice-guidance-changed', ({ enabled }) => changes.push(enabled));
      adapter.start();
      try {
        await waitFor(
          () => adapter.isVoiceGuidanceOn() === subject.voiceGuidanceAtStart,
          "the platform's first answer",
        );
        if (subject.voiceGuidanceAtStart) {
          subject.setVoiceGuidance(adapter, false);
          await waitFor(() => !adapter.isVoiceGuidanceOn(), 'voice guidance off');
        }
        expect(await adapter.speak('Nobody hears this')).to.equal(false);
        changes.length = 0;

        subject.setVoiceGuidance(adapter, true);
        await waitFor(() => changes.length === 1, 'voice guidance on');
        expect(adapter.isVoiceGuidanceOn()).to.equal(true);
        // A caller's name is data: the line reaches the platform as the text it is.
        const line = 'Voice mail from <b>Jane</b>, 505-555-1313. OK to listen, Back to dismiss';
        expect(await adapter.speak(line, { interrupt: true })).to.equal(true);
        await waitFor(() => subject.spoken(adapter).length > 0, 'the line spoken');
        expect(subject.spoken(adapter)).to.deep.equal([line]);

        subject.setVoiceGuidance(adapter, false);
        await waitFor(() => changes.length === 2, 'voice guidance off again');
        expect(changes).to.deep.equal([true, false]);
        expect(await adapter.speak('Nobody hears this either')).to.equal(false);
        expect(subject.spoken(adapter)).to.deep.equal([line]);
      } finally {
        adapter.dispose();
      }
    });

    it('keeps data, secrets and credentials across a restart, and forgets them when asked', async () => {
      const adapter = await subject.create();
      await adapter.storage.set('couchline.contract-test.plain', 'kept');
      await adapter.secureStorage.set('couchline.contract-test.secret', 'hidden');
      const credentials = { deviceId: 'stb-contract', token: 'secret-token-0001' };
      await adapter.setCredentials(credentials);

      const restarted = subject.restart();
      expect(await restarted.storage.get('couchline.contract-test.plain')).to.equal('kept');
      expect(await restarted.secureStorage.get('couchline.contract-test.secret')).to.equal('hidden');
      expect(await restarted.getCredentials()).to.deep.equal(credentials);

      await restarted.storage.remove('couchline.contract-test.plain');
      await restarted.secureStorage.remove('couchline.contract-test.secret');
      expect(await restarted.storage.get('couchline.contract-test.plain')).to.equal(null);
      expect(await subject.restart().secureStorage.get('couchline.contract-test.secret')).to.equal(null);
      await restarted.clearCredentials();
    });

    it('shows a system toast only where it has one, and says whether it did', async () => {
      const adapter = await subject.create();
      const shown = await adapter.showSystemToast('Voice mail from Jane');
      if (adapter.capabilities.supportsSystemToast) {
        expect(shown).to.equal(true);
        expect(subject.systemToasts!(adapter)).to.deep.equal(['Voice mail from Jane']);
      } else {
        expect(shown).to.equal(false);
      }
    });

    it('closes the app through the platform where it may, and not where it may not', async () => {
      const adapter = await subject.create();
      const before = subject.exits(adapter);
      adapter.exit();
      if (adapter.capabilities.canExit) {
        await waitFor(() => subject.exits(adapter) === before + 1, 'the platform closing the app');
      } else {
        // exit() is synchronous: a platform that closes would have been asked by now.
        expect(subject.exits(adapter)).to.equal(before);
      }
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

    it('forgets its credentials when cleared, and stays without them after a restart', async () => {
      const adapter = await subject.create();
      await adapter.setCredentials({ deviceId: 'stb-contract', token: 'secret-token-0002' });
      expect(await subject.restart().getCredentials()).to.deep.equal({
        deviceId: 'stb-contract',
        token: 'secret-token-0002',
      });
      await adapter.clearCredentials();
      expect(await adapter.getCredentials()).to.equal(null);
      expect(await subject.restart().getCredentials()).to.equal(null);
    });

    it(`vouches for the box as ${subject.identity ? subject.identity.platformId : 'nobody'}`, async () => {
      const adapter = await subject.create();
      expect(await adapter.getPlatformIdentity()).to.deep.equal(subject.identity);
    });

    it('reads damaged stored credentials as none, and keeps working', async () => {
      const adapter = await subject.create();
      for (const damaged of [
        'not json',
        'null',
        '{}',
        '{"deviceId":"stb-1"}',
        '{"deviceId":1,"token":"t"}',
      ]) {
        await adapter.secureStorage.set(CREDENTIALS_KEY, damaged);
        expect(await subject.restart().getCredentials(), damaged).to.equal(null);
      }
      const credentials = { deviceId: 'stb-contract', token: 'secret-token-0003' };
      await adapter.setCredentials(credentials);
      expect(await subject.restart().getCredentials()).to.deep.equal(credentials);
      await adapter.clearCredentials();
    });
  });
}
