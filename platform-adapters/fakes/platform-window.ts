import { TIZEN_REGISTERED_KEYS } from '../tizen/tizen-keys.ts';

/**
 * A stand-in for a set-top box's `window`, for the adapters' tests: a real EventTarget for keys, a document whose
 * visibility a test changes, a user agent, the page's own localStorage (namespaced by the adapters' keys), and
 * whatever platform globals the test adds (`tizen`, `webapis`, `webOS`, `webOSDev`, `PalmSystem`, `__firebolt`).
 */
export interface PlatformWindow {
  win: Window;
  /** Presses a key as the platform's engine delivers it: a keydown with this key code (and `key`, if given). */
  press(keyCode: number, key?: string): KeyboardEvent;
  setVisible(visible: boolean): void;
  /** How many times the app closed its window. */
  closed: number;
}

export function platformWindow(options: {
  userAgent: string;
  search?: string;
  globals?: Record<string, unknown>;
}): PlatformWindow {
  // Elements an adapter adds (Tizen's spoken line) go into this page, where they can take the focus.
  const doc = Object.assign(new EventTarget(), {
    visibilityState: 'visible',
    body: platformBody(),
    createElement: (tag: string) => document.createElement(tag),
  });
  const state = { closed: 0 };
  const win = Object.assign(new EventTarget(), {
    navigator: { userAgent: options.userAgent, onLine: true },
    document: doc,
    location: { search: options.search ?? '', origin: window.location.origin },
    localStorage: window.localStorage,
    close: () => void state.closed++,
    ...options.globals,
  });
  return {
    win: win as unknown as Window,
    press(keyCode, key = '') {
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      // `keyCode` is legacy and not settable through the init dictionary on every engine.
      Object.defineProperty(event, 'keyCode', { value: keyCode });
      win.dispatchEvent(event);
      return event;
    },
    setVisible(visible) {
      doc.visibilityState = visible ? 'visible' : 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    get closed() {
      return state.closed;
    },
  };
}

/** The element that stands in for a platform window's `document.body`: one, kept in this page. */
function platformBody(): HTMLElement {
  let body = document.getElementById('platform-window-body');
  if (!body) {
    body = document.createElement('div');
    body.id = 'platform-window-body';
    document.body.append(body);
  }
  return body;
}

/**
 * The Web Speech API's synthesis, recording what it was asked to say (for the browser and RDK adapters): a fake,
 * because a headless engine may have no voices, and WPE may be built without it.
 */
export function fakeSpeechSynthesis() {
  const record = { spoken: [] as string[], cancels: 0 };
  class Utterance {
    readonly text: string;
    constructor(text: string) {
      this.text = text;
    }
  }
  return {
    record,
    globals: {
      SpeechSynthesisUtterance: Utterance,
      speechSynthesis: {
        speak: (utterance: Utterance) => void record.spoken.push(utterance.text),
        cancel: () => void record.cancels++,
      },
    },
  };
}

/** Samsung's `tizen` and `webapis` globals as documented (PLATFORMS.md §2), recording what the app asks of them. */
export function fakeTizen(
  options: { remoteKeys?: string[]; batchFails?: boolean; voiceGuide?: boolean } = {},
) {
  // A full remote: every key the app registers, and Exit (which it must not register).
  const remote = options.remoteKeys ?? [...TIZEN_REGISTERED_KEYS, 'Exit'];
  const record = {
    batches: [] as string[][],
    registered: [] as string[],
    unregistered: [] as string[],
    exits: 0,
    /** Every call to the TV's sound (`tizen.tvaudiocontrol`), reads included. */
    audio: [] as string[],
    networkListeners: new Map<number, (state: number) => void>(),
    /** What the Voice Guide read: the text of each element that took the focus while it was on. */
    spoken: [] as string[],
    menuListeners: new Map<number, (key: number) => void>(),
  };
  const menu = { voiceGuide: options.voiceGuide ?? false };
  // The TV's Voice Guide reads whatever element takes the focus (Samsung's "Text To Speech" guide).
  const reader = (event: FocusEvent) => {
    const target = event.target as HTMLElement | null;
    if (menu.voiceGuide && target?.textContent) record.spoken.push(target.textContent);
  };
  document.addEventListener('focusin', reader);
  const globals = {
    tizen: {
      tvinputdevice: {
        getSupportedKeys: () => remote.map((name, i) => ({ name, code: 1000 + i })),
        registerKeyBatch(names: string[], onSuccess?: () => void, onError?: (e: unknown) => void) {
          record.batches.push(names);
          if (options.batchFails) onError?.(new Error('NotSupportedError'));
          else onSuccess?.();
        },
        registerKey(name: string) {
          if (!remote.includes(name)) throw new Error(`InvalidValuesError: ${name}`);
          record.registered.push(name);
        },
        unregisterKey: (name: string) => void record.unregistered.push(name),
      },
      application: { getCurrentApplication: () => ({ exit: () => void record.exits++, hide() {} }) },
      tvaudiocontrol: {
        getVolume: () => (record.audio.push('getVolume'), 20),
        isMute: () => (record.audio.push('isMute'), false),
        setVolume: (volume: number) => void record.audio.push(`setVolume(${volume})`),
        setVolumeUp: () => void record.audio.push('setVolumeUp'),
        setVolumeDown: () => void record.audio.push('setVolumeDown'),
        setMute: (mute: boolean) => void record.audio.push(`setMute(${mute})`),
      },
    },
    webapis: {
      productinfo: {
        getDuid: () => 'DUID-0123456789',
        getModel: () => 'UE55TU8000',
        getRealModel: () => 'UE55TU8000KXXU',
        getFirmware: () => 'T-NKMDEUC-1402.0',
      },
      network: {
        NetworkState: { GATEWAY_CONNECTED: 4, GATEWAY_DISCONNECTED: 5 },
        isConnectedToGateway: () => true,
        addNetworkStateChangeListener(cb: (state: number) => void) {
          const id = record.networkListeners.size + 1;
          record.networkListeners.set(id, cb);
          return id;
        },
        removeNetworkStateChangeListener: (id: number) => void record.networkListeners.delete(id),
      },
      tvinfo: {
        TvInfoMenuKey: { VOICE_GUIDE_KEY: 15 },
        // TvInfoMenuValue: OFF = 0, ON = 1.
        getMenuValue: (key: number) => (key === 15 && menu.voiceGuide ? 1 : 0),
        addCaptionChangeListener(_key: number, listener: (key: number) => void) {
          const id = record.menuListeners.size + 1;
          record.menuListeners.set(id, listener);
          return id;
        },
        removeCaptionChangeListener: (id: number) => void record.menuListeners.delete(id),
      },
    },
  };
  return {
    globals,
    record,
    network: (state: number) => [...record.networkListeners.values()].forEach((cb) => cb(state)),
    /** The viewer turns the Voice Guide on or off in the TV's menu. */
    setVoiceGuide(on: boolean) {
      menu.voiceGuide = on;
      [...record.menuListeners.values()].forEach((listener) => listener(15));
    },
    /** Stops reading focused elements (the fake's own listener on this page). */
    dispose: () => document.removeEventListener('focusin', reader),
  };
}

/** LG's webOSTV.js / webOSTVjs-dev globals as documented (PLATFORMS.md §3), recording requests. */
export function fakeWebOs(
  options: { toastAllowed?: boolean; udidAllowed?: boolean; audioGuidance?: boolean } = {},
) {
  const record = {
    requests: [] as { uri: string; method: string; parameters?: Record<string, unknown> }[],
    activations: 0,
    /** Subscriptions to the connection manager the app let go of. */
    cancelled: 0,
    /** Subscriptions to the settings service the app let go of. */
    settingsCancelled: 0,
  };
  let connection: ((r: { isInternetConnectionAvailable: boolean }) => void) | null = null;
  const settings = { audioGuidance: options.audioGuidance ? 'on' : 'off' };
  /** Subscribers to the settings service (`getSystemSettings` with `subscribe: true`). */
  const settingsSubscribers: ((r: object) => void)[] = [];
  const globals = {
    webOS: {
      deviceInfo: (cb: (info: object) => void) =>
        cb({ modelName: 'OLED55C1', version: '6.3.0', sdkVersion: '6.3.0' }),
      platformBack() {},
      service: {
        request(
          uri: string,
          o: {
            method: string;
            parameters?: Record<string, unknown>;
            onSuccess?: (r: object) => void;
            onFailure?: (e: object) => void;
          },
        ) {
          record.requests.push({
            uri,
            method: o.method,
            ...(o.parameters ? { parameters: o.parameters } : {}),
          });
          if (uri === 'luna://com.webos.settingsservice' && o.method === 'getSystemSettings') {
            const answer = o.onSuccess ?? (() => undefined);
            if (o.parameters?.subscribe) settingsSubscribers.push(answer);
            setTimeout(() => answer({ returnValue: true, settings: { ...settings } }));
            return { cancel: () => void record.settingsCancelled++ };
          }
          setTimeout(() =>
            options.toastAllowed === false ? o.onFailure?.({ errorText: 'Denied' }) : o.onSuccess?.({}),
          );
          return { cancel() {} };
        },
      },
    },
    webOSDev: {
      // The viewer may not have agreed to share it (LG's privacy policy); LG's emulator never has it.
      LGUDID: (o: { onSuccess(r: { id: string }): void; onFailure(error: unknown): void }) =>
        options.udidAllowed === false
          ? o.onFailure({ errorCode: 'ERROR.000', errorText: 'no consent' })
          : o.onSuccess({ id: 'LGUDID-abcdef' }),
      connection: {
        getStatus(o: { onSuccess: (r: { isInternetConnectionAvailable: boolean }) => void }) {
          connection = o.onSuccess;
          o.onSuccess({ isInternetConnectionAvailable: true });
          return { cancel: () => void record.cancelled++ };
        },
      },
    },
    PalmSystem: { activate: () => void record.activations++ },
  };
  return {
    globals,
    record,
    connection: (available: boolean) => connection?.({ isInternetConnectionAvailable: available }),
    /** The viewer turns Audio Guidance on or off in the TV's accessibility settings. */
    setAudioGuidance(on: boolean) {
      settings.audioGuidance = on ? 'on' : 'off';
      for (const subscriber of settingsSubscribers) {
        subscriber({ returnValue: true, settings: { ...settings } });
      }
    },
  };
}

/** What the Firebolt SDK's mock transport was asked, and a way to raise platform events through it. */
export interface FireboltHarness {
  sends: { module: string; method: string; params: unknown }[];
  emit(module: string, event: string, value: unknown): void;
}

/**
 * Hooks into the Firebolt SDK's own mock transport (used when no platform endpoint is present), as its test harness
 * does. Must run before the SDK is first imported in the page.
 */
export function installFireboltHarness(): FireboltHarness {
  const harness: FireboltHarness = { sends: [], emit: () => {} };
  const w = window as unknown as { __firebolt?: Record<string, unknown> };
  w.__firebolt = {
    ...w.__firebolt,
    testHarness: {
      initialize(api: { emit: FireboltHarness['emit'] }) {
        harness.emit = api.emit;
      },
      onSend(module: string, method: string, params: unknown) {
        harness.sends.push({ module, method, params });
      },
    },
  };
  return harness;
}
