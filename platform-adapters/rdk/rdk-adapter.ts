import type { DeviceInfo, KeyName, PlatformCapabilities, PlatformIdentity } from '../contract/index.ts';
import { DomAdapter, keyFromTable } from '../shared/dom-adapter.ts';
import { speakWithSynthesis } from '../shared/speech-synthesis.ts';
import { W3C_KEYS } from '../shared/w3c-keys.ts';
import { FIREBOLT_KEYS, RDK_KEY_TABLES, type RdkKeyTable } from './rdk-keys.ts';

type LifecycleState = 'initializing' | 'inactive' | 'foreground' | 'background' | 'unloading' | 'suspended';

/** The parts of the Firebolt 1.x SDK (`@firebolt-js/sdk`) the adapter uses. */
export interface FireboltSdk {
  Lifecycle: {
    ready(): Promise<void>;
    close(reason: 'remoteButton' | 'userExit' | 'done' | 'error'): Promise<void>;
    finished(): Promise<void>;
    state(): LifecycleState;
    listen(callback: (event: string, data: { state?: LifecycleState }) => void): Promise<number>;
    clear(id: number): boolean;
  };
  Device: {
    id(): Promise<string>;
    model(): Promise<string>;
    platform(): Promise<string>;
    version(): Promise<{ firmware?: { readable?: string }; os?: { readable?: string } }>;
    network(): Promise<{ state: 'connected' | 'disconnected'; type: string }>;
    listen(
      event: 'networkChanged',
      callback: (info: { state: 'connected' | 'disconnected' }) => void,
    ): Promise<number>;
    clear(id: number): boolean;
  };
  Accessibility: {
    voiceGuidanceSettings(): Promise<{ enabled: boolean }>;
    listen(
      event: 'voiceGuidanceSettingsChanged',
      callback: (settings: { enabled: boolean }) => void,
    ): Promise<number>;
    clear(id: number): boolean;
  };
  SecureStorage: {
    get(scope: 'device' | 'account', key: string): Promise<string | null>;
    set(scope: 'device' | 'account', key: string, value: string): Promise<void>;
    remove(scope: 'device' | 'account', key: string): Promise<void>;
  };
}

/** What an operator may set on the window before the app loads: its remote's key table. */
interface OperatorSettings {
  __couchline?: { keys?: Record<string, KeyName> | keyof typeof RDK_KEY_TABLES };
}

/**
 * RDK with Firebolt 1.x (PLATFORMS.md §4): keys by the operator's table (`?keymap=rdkshell`, or a table the operator
 * puts in `window.__couchline.keys`; Firebolt's specification otherwise); visibility from Firebolt's lifecycle —
 * only "foreground" is visible, and "inactive" asks apps to close their sockets, so the channel lets go and catches
 * up when the app is in front again; `Lifecycle.ready()` once the app takes input and `close('remoteButton')` for Back
 * at its root; device identity and network from `Device`; the device token in `SecureStorage`.
 *
 * Voice guidance: on when Firebolt's `Accessibility.voiceGuidanceSettings()` says so (and on each
 * `voiceGuidanceSettingsChanged`). Firebolt 1.x gives an app no speech call of its own: lines go to WPE's
 * `speechSynthesis`, which RDK builds back with the box's text-to-speech (Lightning's Announcer speaks the same way);
 * a box built without it says nothing. (An operator's privileged app could call Thunder's `org.rdk.TextToSpeech`.)
 *
 * Programme sound: not lowered. Firebolt 1.x has no volume or audio-focus call for apps, and RDK's own ducking
 * (Device Settings' audio ducking, used by the box's voice remote) sits in native middleware, out of a web app's reach.
 */
export class RdkAdapter extends DomAdapter {
  readonly capabilities: PlatformCapabilities = {
    // Firebolt: digits and media keys exist on "some remotes"; the app works with arrows and OK alone.
    hasDigitKeys: false,
    hasMediaKeys: false,
    // A third-party Firebolt app cannot draw over live TV or another app (only an operator's RDKShell client can).
    supportsBackgroundAlerts: false,
    supportsSystemToast: false,
    knowsTunedChannel: false,
    canExit: true,
    asksBeforeExit: false,
  };

  private readonly sdk: FireboltSdk;
  private readonly keys: RdkKeyTable;
  private state: LifecycleState;

  constructor(win: Window, sdk: FireboltSdk, keys: RdkKeyTable = operatorKeys(win)) {
    super(win);
    this.sdk = sdk;
    this.keys = keys;
    this.state = safeState(sdk);
    this.secureStorage = {
      get: (key) => sdk.SecureStorage.get('device', key),
      set: (key, value) => sdk.SecureStorage.set('device', key, value),
      remove: (key) => sdk.SecureStorage.remove('device', key),
    };
  }

  protected keyOf(event: KeyboardEvent): KeyName | null {
    return keyFromTable(event, this.keys, W3C_KEYS);
  }

  /** Visible while in front; before the first lifecycle event the app is starting in front. */
  override isVisible(): boolean {
    return this.state === 'foreground' || this.state === 'initializing';
  }

  protected override startPlatform(): void {
    const { Lifecycle, Device } = this.sdk;
    void Lifecycle.listen((event, data) => {
      const state = (data?.state ?? event) as LifecycleState;
      const wasVisible = this.isVisible();
      this.state = state;
      if (this.isVisible() !== wasVisible) {
        this.emitter.emit('lifecycle:visibility-changed', { visible: this.isVisible() });
      }
      // Unloading: the listeners above let go of the channel; then the platform may unload the app.
      if (state === 'unloading') void Lifecycle.finished().catch(() => undefined);
    }).then((id) => this.onDispose(() => Lifecycle.clear(id)));
    void Device.network()
      .then((info) => this.setOnline(info.state === 'connected'))
      .catch(() => undefined);
    void Device.listen('networkChanged', (info) => this.setOnline(info.state === 'connected'))
      .then((id) => this.onDispose(() => Device.clear(id)))
      .catch(() => undefined);
    this.watchVoiceGuidance();
  }

  protected override speakOnPlatform(text: string, interrupt: boolean): boolean {
    return speakWithSynthesis(this.win, text, interrupt);
  }

  /** Firebolt's voice-guidance setting (capability `xrn:firebolt:capability:accessibility:voiceguidance`). */
  private watchVoiceGuidance(): void {
    const { Accessibility } = this.sdk;
    void Accessibility.voiceGuidanceSettings()
      .then((settings) => this.setVoiceGuidance(settings.enabled === true))
      .catch(() => undefined);
    void Accessibility.listen('voiceGuidanceSettingsChanged', (settings) =>
      this.setVoiceGuidance(settings.enabled === true),
    )
      .then((id) => this.onDispose(() => Accessibility.clear(id)))
      .catch(() => undefined);
  }

  async getDeviceInfo(): Promise<DeviceInfo> {
    const { Device } = this.sdk;
    // Each call needs its own capability grant from the distributor: one refused does not lose the rest.
    const [id, model, platform, version] = await Promise.allSettled([
      Device.id(),
      Device.model(),
      Device.platform(),
      Device.version(),
    ]);
    const value = <T>(result: PromiseSettledResult<T>): T | undefined =>
      result.status === 'fulfilled' ? result.value : undefined;
    const v = value(version);
    return {
      hardwareId: value(id) ?? 'rdk',
      model: value(model) ?? 'RDK set-top box',
      platformName: `rdk${value(platform) ? ` (${value(platform)})` : ''}`,
      platformVersion: v?.firmware?.readable ?? v?.os?.readable ?? 'unknown',
    };
  }

  /**
   * Firebolt's `Device.id()`: the id the operator's back office knows this box by (capability
   * `xrn:firebolt:capability:device:id`, granted by the distributor). Refused or missing: none.
   */
  override async getPlatformIdentity(): Promise<PlatformIdentity | null> {
    try {
      const id = await this.sdk.Device.id();
      return typeof id === 'string' && id ? { platform: 'rdk', platformId: id } : null;
    } catch {
      return null;
    }
  }

  override ready(): void {
    void this.sdk.Lifecycle.ready().catch(() => undefined);
  }

  override exit(): void {
    void this.sdk.Lifecycle.close('remoteButton').catch(() => undefined);
  }
}

function safeState(sdk: FireboltSdk): LifecycleState {
  try {
    return sdk.Lifecycle.state() ?? 'initializing';
  } catch {
    return 'initializing';
  }
}

/** The operator's key table: a named one from the launch URL or settings, a table of its own, or Firebolt's. */
function operatorKeys(win: Window): RdkKeyTable {
  const named = new URLSearchParams(win.location.search).get('keymap');
  const setting = (win as unknown as OperatorSettings).__couchline?.keys;
  if (named === 'rdkshell' || named === 'firebolt') return RDK_KEY_TABLES[named];
  if (typeof setting === 'string') return RDK_KEY_TABLES[setting] ?? FIREBOLT_KEYS;
  if (setting && typeof setting === 'object') {
    return Object.fromEntries(Object.entries(setting).map(([code, name]) => [Number(code), name]));
  }
  return FIREBOLT_KEYS;
}
