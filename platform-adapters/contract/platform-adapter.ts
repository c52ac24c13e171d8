import type { KeyName } from './keys.ts';

/** A key press, already mapped to its logical name. `repeat` is true for auto-repeat while a key is held. */
export interface KeyPressPayload {
  name: KeyName;
  repeat: boolean;
}

/** Everything an adapter reports, by name. */
export interface PlatformEvents {
  'key:pressed': KeyPressPayload;
  /** The app became visible (foreground) or hidden (background, standby, another source). */
  'lifecycle:visibility-changed': { visible: boolean };
  /** The platform launched the app again while it was running (webOS relaunch, Firebolt foreground). */
  'lifecycle:relaunched': Record<string, never>;
  'network:changed': { online: boolean };
  /** The box changed channel; null when it shows no channel (an app, an input, standby). */
  'tuner:changed': { channel: string | null };
  /** The viewer turned the platform's voice guidance (its accessibility setting) on or off. */
  'accessibility:voice-guidance-changed': { enabled: boolean };
}

export type PlatformEventName = keyof PlatformEvents;

/** What a platform can do, asked as questions, never as "which platform is this?" (STYLE.md). */
export interface PlatformCapabilities {
  /** The remote has 0–9 keys; otherwise the app must offer an on-screen keypad. */
  hasDigitKeys: boolean;
  /** The remote has play/pause/stop/FF/RW keys; otherwise playback needs on-screen buttons. */
  hasMediaKeys: boolean;
  /** The app can alert while another app or live TV is in front. */
  supportsBackgroundAlerts: boolean;
  supportsSystemToast: boolean;
  /** The platform says which channel the box is tuned to (programme rules and "Quiet for this programme" need it). */
  knowsTunedChannel: boolean;
  /** The app may close itself (Back at its root screen); in a browser tab it cannot. */
  canExit: boolean;
  /** The platform's rules want the app to ask "Leave Couchline?" before it closes (Samsung Tizen). */
  asksBeforeExit: boolean;
}

/**
 * Small key-value data that must outlive a restart: the platform's own storage (localStorage, Firebolt
 * SecureStorage). `secure` storage is for secrets (the device token), where the platform has one.
 */
export interface KeyValueStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface DeviceInfo {
  /** A stable id for this box, from the platform where it has one. */
  hardwareId: string;
  model: string;
  platformName: string;
  platformVersion: string;
}

/** How loud the programme (live TV) is: lowered under a voicemail, or silenced. */
export type ProgrammeAudio = 'normal' | 'ducked' | 'muted';

/**
 * How a line is spoken. `interrupt` cuts off what the platform is saying (a new alert, a new focus); otherwise the
 * line waits its turn where the platform's speech can queue (Tizen's Voice Guide always reads the latest line).
 */
export interface SpeakOptions {
  interrupt?: boolean;
}

/** The credentials a device was paired with: who it is to the push gateway. */
export interface DeviceCredentials {
  deviceId: string;
  token: string;
}

/**
 * Which platform vouches for this box, and the id it knows the box by (Tizen's DUID, webOS's LG UDID, Firebolt's
 * `Device.id()`). The cable operator's device-auth service signs it, so an operator's box joins its household with no
 * code (zero-touch). The same shape as protocol's `PlatformIdentity`, kept here as a type so the contract stays
 * types-only.
 */
export interface PlatformIdentity {
  platform: 'tizen' | 'webos' | 'rdk';
  platformId: string;
}

/**
 * The one seam between the TV app and a set-top-box platform. `app/main.ts` picks the implementation
 * (platform-adapters/select-adapter.ts) and hands it to everything that needs it.
 *
 * @example
 * ```ts
 * const adapter = await selectAdapter(window, { tizen: loadTizenAdapter });
 * const off = adapter.on('key:pressed', ({ name }) => focus.dispatch(name));
 * adapter.start();
 * ```
 */
export interface PlatformAdapter {
  readonly capabilities: PlatformCapabilities;
  /** Starts delivering keys, lifecycle and network events. Call once. */
  start(): void;
  /** Subscribes to one event; returns the function that unsubscribes. */
  on<E extends PlatformEventName>(event: E, listener: (payload: PlatformEvents[E]) => void): () => void;
  isVisible(): boolean;
  isOnline(): boolean;
  /** The channel shown now, or null when none is (or the platform cannot tell: see `knowsTunedChannel`). */
  getTunedChannel(): string | null;
  getDeviceInfo(): Promise<DeviceInfo>;
  /** The paired device's credentials from the platform's secure storage, or null before pairing. */
  getCredentials(): Promise<DeviceCredentials | null>;
  setCredentials(credentials: DeviceCredentials): Promise<void>;
  /** Forgets the credentials (the household removed this device): the next {@link getCredentials} is null. */
  clearCredentials(): Promise<void>;
  /**
   * This box's identity as its platform knows it, for zero-touch enrollment; null where the platform has none to
   * give (a browser, the emulator, a refused privilege or consent). Never rejects.
   */
  getPlatformIdentity(): Promise<PlatformIdentity | null>;
  /**
   * Lowers or silences the programme's sound while a voicemail plays, and restores it. Resolves when done; a
   * platform that cannot do it resolves too (the voicemail still plays over the programme): Tizen, webOS and RDK
   * offer a web app only the master volume, or none (docs/architecture.md, issue 15).
   */
  setProgrammeAudio(mode: ProgrammeAudio): Promise<void>;
  /**
   * Whether the platform's voice guidance is on (Tizen's Voice Guide, webOS's Audio Guidance, Firebolt's
   * `Accessibility.voiceGuidanceSettings`, the emulator's setting). Off until the platform has said; each change
   * comes as `accessibility:voice-guidance-changed` (after {@link start}).
   */
  isVoiceGuidanceOn(): boolean;
  /**
   * Reads `text` aloud through the platform's speech, as plain text (a caller's name is never markup). Only while
   * {@link isVoiceGuidanceOn}: otherwise, or where the platform has no speech, it says nothing. Resolves to whether
   * the line was handed to the platform; never rejects.
   *
   * @example
   * ```ts
   * await adapter.speak('Voice mail from Jane, 505-555-1313. OK to listen, Back to dismiss', { interrupt: true });
   * ```
   */
  speak(text: string, options?: SpeakOptions): Promise<boolean>;
  /** Tells the platform the app can take input (Firebolt `Lifecycle.ready`). */
  ready(): void;
  /** Plain key-value storage, and secure storage for secrets (the same store where the platform has no other). */
  readonly storage: KeyValueStorage;
  readonly secureStorage: KeyValueStorage;
  /**
   * Shows a line in the platform's own notification area, where it has one (`supportsSystemToast`); resolves to
   * whether it was shown, so the app can draw its own instead.
   */
  showSystemToast(text: string): Promise<boolean>;
  /** Closes the app (Back at its root); does nothing where `canExit` is false. */
  exit(): void;
  /** Stops every listener the adapter added. */
  dispose(): void;
}
