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
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
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

/** Samsung's `tizen` and `webapis` globals as documented (PLATFORMS.md §2), recording what the app asks of them. */
export function fakeTizen(options: { remoteKeys?: string[]; batchFails?: boolean } = {}) {
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
  };
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
    },
  };
  return {
    globals,
    record,
    network: (state: number) => [...record.networkListeners.values()].forEach((cb) => cb(state)),
  };
}

/** LG's webOSTV.js / webOSTVjs-dev globals as documented (PLATFORMS.md §3), recording requests. */
export function fakeWebOs(options: { toastAllowed?: boolean; udidAllowed?: boolean } = {}) {
  const record = {
    requests: [] as { uri: string; method: string; parameters?: Record<string, unknown> }[],
    activations: 0,
    cancelled: 0,
  };
  let connection: ((r: { isInternetConnectionAvailable: boolean }) => void) | null = null;
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
