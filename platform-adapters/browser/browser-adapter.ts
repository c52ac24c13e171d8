import {
  PlatformEmitter,
  type DeviceCredentials,
  type DeviceInfo,
  type PlatformAdapter,
  type PlatformCapabilities,
  type PlatformEventName,
  type PlatformEvents,
  type ProgrammeAudio,
} from '../contract/index.ts';
import { BROWSER_KEYMAP } from './browser-keymap.ts';

const CREDENTIALS_PREFIX = 'couchline.credentials.';

/** The message the emulator page listens for to lower its programme sound. */
export const PROGRAMME_AUDIO_MESSAGE = 'couchline:programme-audio';
/** The message the emulator page sends the TV app when its channel changes. */
export const TUNED_CHANNEL_MESSAGE = 'couchline:tuned-channel';

/**
 * The desktop browser and the emulator: keys from the keyboard (or the on-screen remote, which sends the same
 * W3C key values), lifecycle from `visibilitychange`, network from `online`/`offline`, credentials in
 * localStorage under the device id named in the page URL (`tv.html?device=stb-living-room`).
 */
export class BrowserAdapter implements PlatformAdapter {
  /** The fallback: any page with a DOM can run the app. */
  static detect(): boolean {
    return true;
  }

  readonly capabilities: PlatformCapabilities = {
    hasDigitKeys: true,
    hasMediaKeys: true,
    supportsBackgroundAlerts: false,
    supportsSystemToast: false,
    knowsTunedChannel: true,
  };

  private readonly emitter = new PlatformEmitter();
  private readonly win: Window;
  private readonly cleanups: (() => void)[] = [];
  private channel: string | null;

  constructor(win: Window = window) {
    this.win = win;
    // The emulator names the channel in the TV app's URL and posts every change; a plain tab shows none.
    this.channel = new URLSearchParams(win.location.search).get('channel');
  }

  start(): void {
    const listen = <K extends keyof WindowEventMap>(
      target: EventTarget,
      type: K,
      fn: (e: WindowEventMap[K]) => void,
    ) => {
      target.addEventListener(type, fn as EventListener);
      this.cleanups.push(() => target.removeEventListener(type, fn as EventListener));
    };
    listen(this.win, 'keydown', (event) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const name = BROWSER_KEYMAP[event.key];
      if (!name) return;
      event.preventDefault();
      this.emitter.emit('key:pressed', { name, repeat: event.repeat });
    });
    listen(this.win.document, 'visibilitychange' as keyof WindowEventMap, () =>
      this.emitter.emit('lifecycle:visibility-changed', { visible: this.isVisible() }),
    );
    listen(this.win, 'online', () => this.emitter.emit('network:changed', { online: true }));
    listen(this.win, 'offline', () => this.emitter.emit('network:changed', { online: false }));
    listen(this.win, 'message', (event) => {
      // Only the emulator page around the app (same origin) may say what is on screen.
      if (event.origin !== this.win.location.origin || event.source !== this.win.parent) return;
      const data = event.data as { type?: unknown; channel?: unknown } | null;
      if (data?.type !== TUNED_CHANNEL_MESSAGE) return;
      const channel = typeof data.channel === 'string' && data.channel ? data.channel : null;
      if (channel === this.channel) return;
      this.channel = channel;
      this.emitter.emit('tuner:changed', { channel });
    });
  }

  on<E extends PlatformEventName>(event: E, listener: (payload: PlatformEvents[E]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  isVisible(): boolean {
    return this.win.document.visibilityState !== 'hidden';
  }

  isOnline(): boolean {
    return this.win.navigator.onLine;
  }

  getTunedChannel(): string | null {
    return this.channel;
  }

  getDeviceInfo(): Promise<DeviceInfo> {
    return Promise.resolve({
      hardwareId: this.deviceId() ?? 'browser',
      model: 'Desktop browser',
      platformName: 'browser',
      platformVersion: this.win.navigator.userAgent,
    });
  }

  getCredentials(): Promise<DeviceCredentials | null> {
    const deviceId = this.deviceId();
    if (!deviceId) return Promise.resolve(null);
    const token = this.win.localStorage.getItem(CREDENTIALS_PREFIX + deviceId);
    return Promise.resolve(token ? { deviceId, token } : null);
  }

  setCredentials(credentials: DeviceCredentials): Promise<void> {
    this.win.localStorage.setItem(CREDENTIALS_PREFIX + credentials.deviceId, credentials.token);
    return Promise.resolve();
  }

  /**
   * In the emulator the programme plays in the page around the TV app, so the adapter asks that page to lower it;
   * in a plain tab there is no programme and nothing to do.
   */
  setProgrammeAudio(mode: ProgrammeAudio): Promise<void> {
    if (this.win.parent !== this.win) {
      this.win.parent.postMessage({ type: PROGRAMME_AUDIO_MESSAGE, mode }, this.win.location.origin);
    }
    return Promise.resolve();
  }

  ready(): void {
    /* a browser tab takes input as soon as it has loaded */
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.emitter.clear();
  }

  private deviceId(): string | null {
    return new URLSearchParams(this.win.location.search).get('device');
  }
}

/** Where the emulator stores a paired device's token for {@link BrowserAdapter} to find. */
export function browserCredentialsKey(deviceId: string): string {
  return CREDENTIALS_PREFIX + deviceId;
}
