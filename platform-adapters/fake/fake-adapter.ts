import {
  PlatformEmitter,
  type DeviceCredentials,
  type DeviceInfo,
  type KeyName,
  type PlatformAdapter,
  type PlatformCapabilities,
  type PlatformEventName,
  type PlatformEvents,
  type PlatformIdentity,
  type KeyValueStorage,
  type ProgrammeAudio,
  type SpeakOptions,
} from '../contract/index.ts';
import { CREDENTIALS_KEY, credentialsValue, readCredentials } from '../shared/credentials.ts';

/** A {@link KeyValueStorage} in memory, over `map` (which a test may share with the next adapter: a restart). */
export function memoryStorage(map = new Map<string, string>()): KeyValueStorage {
  return {
    get: (key) => Promise.resolve(map.get(key) ?? null),
    set: (key, value) => Promise.resolve(void map.set(key, value)),
    remove: (key) => Promise.resolve(void map.delete(key)),
  };
}

/**
 * An in-memory platform for tests: the test presses keys, hides and shows the app and drops the network.
 * It passes the same contract tests as the real adapters.
 */
export class FakeAdapter implements PlatformAdapter {
  readonly capabilities: PlatformCapabilities;
  private readonly emitter = new PlatformEmitter();
  private visible = true;
  private online = true;
  private channel: string | null = null;
  private readonly identity: PlatformIdentity | null;
  private started = false;
  private voiceGuidance: boolean;
  readyCalls = 0;
  /** Every line spoken while voice guidance was on, in order, for tests. */
  readonly spoken: { text: string; interrupt: boolean }[] = [];
  /** How many times the app asked to close, and the system toasts it showed, for tests. */
  exitCalls = 0;
  readonly toasts: string[] = [];
  readonly storage: KeyValueStorage;
  readonly secureStorage: KeyValueStorage;

  constructor(
    options: {
      credentials?: DeviceCredentials | null;
      capabilities?: Partial<PlatformCapabilities>;
      /** The box's platform identity, for zero-touch enrollment; none (a browser's case) by default. */
      identity?: PlatformIdentity | null;
      /**
       * The box's stores, for a test that restarts the app: a new adapter over the same maps finds what the last one
       * kept. Fresh ones by default; `credentials`, if given, are written into the secure one.
       */
      stores?: { storage: Map<string, string>; secure: Map<string, string> };
      /** The platform's voice-guidance setting at start; off by default, as on most TVs. */
      voiceGuidance?: boolean;
    } = {},
  ) {
    const stores = options.stores ?? {
      storage: new Map<string, string>(),
      secure: new Map<string, string>(),
    };
    if (options.credentials) stores.secure.set(CREDENTIALS_KEY, credentialsValue(options.credentials));
    this.storage = memoryStorage(stores.storage);
    this.secureStorage = memoryStorage(stores.secure);
    this.identity = options.identity ?? null;
    this.voiceGuidance = options.voiceGuidance ?? false;
    this.capabilities = {
      hasDigitKeys: true,
      hasMediaKeys: true,
      supportsBackgroundAlerts: false,
      supportsSystemToast: false,
      knowsTunedChannel: true,
      canExit: true,
      asksBeforeExit: false,
      ...options.capabilities,
    };
  }

  start(): void {
    this.started = true;
  }

  on<E extends PlatformEventName>(event: E, listener: (payload: PlatformEvents[E]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  isVisible(): boolean {
    return this.visible;
  }

  isOnline(): boolean {
    return this.online;
  }

  getTunedChannel(): string | null {
    return this.channel;
  }

  getDeviceInfo(): Promise<DeviceInfo> {
    return Promise.resolve({
      hardwareId: 'fake-0001',
      model: 'Fake STB',
      platformName: 'fake',
      platformVersion: '1.0',
    });
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

  getPlatformIdentity(): Promise<PlatformIdentity | null> {
    return Promise.resolve(this.identity);
  }

  /** Every programme-audio change, in order, for tests. */
  readonly programmeAudio: ProgrammeAudio[] = [];

  setProgrammeAudio(mode: ProgrammeAudio): Promise<void> {
    this.programmeAudio.push(mode);
    return Promise.resolve();
  }

  ready(): void {
    this.readyCalls++;
  }

  isVoiceGuidanceOn(): boolean {
    return this.voiceGuidance;
  }

  speak(text: string, options: SpeakOptions = {}): Promise<boolean> {
    const line = text.trim();
    if (!this.voiceGuidance || !line) return Promise.resolve(false);
    this.spoken.push({ text: line, interrupt: options.interrupt ?? false });
    return Promise.resolve(true);
  }

  /** Test control: the viewer turns the platform's voice guidance on or off. */
  setVoiceGuidance(enabled: boolean): void {
    if (enabled === this.voiceGuidance) return;
    this.voiceGuidance = enabled;
    if (this.started) this.emitter.emit('accessibility:voice-guidance-changed', { enabled });
  }

  showSystemToast(text: string): Promise<boolean> {
    if (!this.capabilities.supportsSystemToast) return Promise.resolve(false);
    this.toasts.push(text);
    return Promise.resolve(true);
  }

  exit(): void {
    if (this.capabilities.canExit) this.exitCalls++;
  }

  dispose(): void {
    this.emitter.clear();
    this.started = false;
  }

  /** Test control: a key press, delivered only after `start()` as on a real platform. */
  press(name: KeyName, repeat = false): void {
    if (this.started) this.emitter.emit('key:pressed', { name, repeat });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.started) this.emitter.emit('lifecycle:visibility-changed', { visible });
  }

  /**
   * Test control: the platform launches the app again while it runs (webOS relaunch): the app is in front again,
   * and is told so by the relaunch alone (its visibility event may come later, or not at all).
   */
  relaunch(): void {
    this.visible = true;
    if (this.started) this.emitter.emit('lifecycle:relaunched', {});
  }

  /** Test control: the viewer changes channel. */
  tune(channel: string | null): void {
    this.channel = channel;
    if (this.started) this.emitter.emit('tuner:changed', { channel });
  }

  setOnline(online: boolean): void {
    this.online = online;
    if (this.started) this.emitter.emit('network:changed', { online });
  }
}
