import {
  PlatformEmitter,
  type DeviceCredentials,
  type DeviceInfo,
  type KeyName,
  type KeyValueStorage,
  type PlatformAdapter,
  type PlatformCapabilities,
  type PlatformEventName,
  type PlatformEvents,
  type PlatformIdentity,
  type ProgrammeAudio,
  type SpeakOptions,
} from '../contract/index.ts';

import { CREDENTIALS_KEY, credentialsValue, readCredentials } from './credentials.ts';

export { CREDENTIALS_KEY };

/**
 * What every web-engine platform shares: keys arrive as DOM `keydown` and each platform maps its key codes
 * ({@link DomAdapter.keyOf}); visibility comes from `visibilitychange`; storage is localStorage unless the platform
 * has better. Platform adapters extend it and add their own APIs (key registration, device info, network, exit).
 */
export abstract class DomAdapter implements PlatformAdapter {
  abstract readonly capabilities: PlatformCapabilities;
  readonly storage: KeyValueStorage;
  /** The same store as {@link storage} unless the platform has a secure one (an adapter replaces it). */
  secureStorage: KeyValueStorage;
  protected readonly emitter = new PlatformEmitter();
  protected readonly win: Window;
  private readonly cleanups: (() => void)[] = [];
  private started = false;
  protected online: boolean;
  private voiceGuidance = false;

  constructor(win: Window) {
    this.win = win;
    this.storage = localStorageOf(win);
    this.secureStorage = this.storage;
    this.online = win.navigator.onLine;
  }

  /** The logical key for a key event on this platform, or null to leave the event alone. */
  protected abstract keyOf(event: KeyboardEvent): KeyName | null;

  /** The platform's own listeners and registrations, after the DOM ones. */
  protected startPlatform(): void {}

  abstract getDeviceInfo(): Promise<DeviceInfo>;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.listen(this.win, 'keydown', (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const name = this.keyOf(event);
      if (!name) return;
      // Handled here: the platform's own default (history back, page scroll) must not also run.
      event.preventDefault();
      this.emitter.emit('key:pressed', { name, repeat: event.repeat });
    });
    const onVisibility = () =>
      this.emitter.emit('lifecycle:visibility-changed', { visible: this.isVisible() });
    this.listen(this.win.document, 'visibilitychange', onVisibility);
    // Chromium 38 (webOS 3) and other old engines only have the prefixed event.
    if (!('visibilityState' in this.win.document)) {
      this.listen(this.win.document, 'webkitvisibilitychange', onVisibility);
    }
    this.listen(this.win, 'online', () => this.setOnline(true));
    this.listen(this.win, 'offline', () => this.setOnline(false));
    this.startPlatform();
  }

  on<E extends PlatformEventName>(event: E, listener: (payload: PlatformEvents[E]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  isVisible(): boolean {
    const doc = this.win.document as Document & { webkitHidden?: boolean };
    return doc.visibilityState !== 'hidden' && doc.webkitHidden !== true;
  }

  isOnline(): boolean {
    return this.online;
  }

  /** Boxes that do not say what is on: programme rules fall back to their time windows. */
  getTunedChannel(): string | null {
    return null;
  }

  async getCredentials(): Promise<DeviceCredentials | null> {
    return readCredentials(await this.secureStorage.get(CREDENTIALS_KEY));
  }

  setCredentials(credentials: DeviceCredentials): Promise<void> {
    return this.secureStorage.set(CREDENTIALS_KEY, credentialsValue(credentials));
  }

  clearCredentials(): Promise<void> {
    return this.secureStorage.remove(CREDENTIALS_KEY);
  }

  /** A web engine alone vouches for nothing: platforms with an identity to give override this. */
  getPlatformIdentity(): Promise<PlatformIdentity | null> {
    return Promise.resolve(null);
  }

  /** No platform API for the programme's sound: the voicemail plays over it. */
  setProgrammeAudio(_mode: ProgrammeAudio): Promise<void> {
    return Promise.resolve();
  }

  isVoiceGuidanceOn(): boolean {
    return this.voiceGuidance;
  }

  async speak(text: string, options: SpeakOptions = {}): Promise<boolean> {
    const line = text.trim();
    if (!this.voiceGuidance || !line) return false;
    try {
      return await this.speakOnPlatform(line, options.interrupt ?? false);
    } catch {
      // Speech is a help, never a failure of what the viewer asked for.
      return false;
    }
  }

  /** Hands a line to the platform's speech; false where it has none (the default: a web engine alone). */
  protected speakOnPlatform(_text: string, _interrupt: boolean): boolean | Promise<boolean> {
    return false;
  }

  /** The platform said whether voice guidance is on: kept, and reported when it changed. */
  protected setVoiceGuidance(enabled: boolean): void {
    if (enabled === this.voiceGuidance) return;
    this.voiceGuidance = enabled;
    this.emitter.emit('accessibility:voice-guidance-changed', { enabled });
  }

  showSystemToast(_text: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  exit(): void {}

  ready(): void {}

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.emitter.clear();
    this.started = false;
  }

  /** Adds a listener that {@link dispose} removes. */
  protected listen<T extends Event>(target: EventTarget, type: string, fn: (event: T) => void): void {
    target.addEventListener(type, fn as EventListener);
    this.cleanups.push(() => target.removeEventListener(type, fn as EventListener));
  }

  /** Runs `cleanup` on {@link dispose} (a platform listener's removal). */
  protected onDispose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  protected setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.emitter.emit('network:changed', { online });
  }
}

/** localStorage as {@link KeyValueStorage}; a full or missing store fails the write, never silently. */
function localStorageOf(win: Window): KeyValueStorage {
  return {
    get: (key) => Promise.resolve(win.localStorage.getItem(key)),
    set: (key, value) => {
      try {
        win.localStorage.setItem(key, value);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    remove: (key) => Promise.resolve(win.localStorage.removeItem(key)),
  };
}

/** A key code table (`{keyCode: logical}`) with W3C `key` values as the fallback (PLATFORMS.md §1.2). */
export function keyFromTable(
  event: KeyboardEvent,
  codes: Readonly<Record<number, KeyName>>,
  names: Readonly<Record<string, KeyName>>,
): KeyName | null {
  return codes[event.keyCode] ?? names[event.key] ?? null;
}
