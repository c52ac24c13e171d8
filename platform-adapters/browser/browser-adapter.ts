import type {
  DeviceCredentials,
  DeviceInfo,
  KeyName,
  PlatformCapabilities,
  ProgrammeAudio,
} from '../contract/index.ts';
import { DomAdapter } from '../shared/dom-adapter.ts';
import { speakWithSynthesis } from '../shared/speech-synthesis.ts';
import { BROWSER_KEYMAP } from './browser-keymap.ts';

const CREDENTIALS_PREFIX = 'couchline.credentials.';

/** The message the emulator page listens for to lower its programme sound. */
export const PROGRAMME_AUDIO_MESSAGE = 'couchline:programme-audio';
/** The message the emulator page sends the TV app when its channel changes. */
export const TUNED_CHANNEL_MESSAGE = 'couchline:tuned-channel';
/** The message the emulator page sends the TV app when its voice-guidance setting (the TV's accessibility menu) changes. */
export const VOICE_GUIDANCE_MESSAGE = 'couchline:voice-guidance';
/** The TV app's URL parameter that starts it with voice guidance on (`tv.html?voiceGuidance=on`). */
export const VOICE_GUIDANCE_PARAM = 'voiceGuidance';

/**
 * The desktop browser and the emulator: keys from the keyboard (or the on-screen remote, which sends the same
 * W3C key values), lifecycle from `visibilitychange`, network from `online`/`offline`, credentials in
 * localStorage under the device id named in the page URL (`tv.html?device=stb-living-room`). Voice guidance is the
 * emulator's stand-in for a TV's accessibility menu (`?voiceGuidance=on`, then its toggle), spoken with the
 * browser's `speechSynthesis`.
 */
export class BrowserAdapter extends DomAdapter {
  readonly capabilities: PlatformCapabilities = {
    hasDigitKeys: true,
    hasMediaKeys: true,
    supportsBackgroundAlerts: false,
    supportsSystemToast: false,
    knowsTunedChannel: true,
    // A tab is closed by its user, not by the app.
    canExit: false,
    asksBeforeExit: false,
  };

  private channel: string | null;

  constructor(win: Window = window) {
    super(win);
    // The emulator names the channel in the TV app's URL and posts every change; a plain tab shows none.
    const query = new URLSearchParams(win.location.search);
    this.channel = query.get('channel');
    if (query.get(VOICE_GUIDANCE_PARAM) === 'on') this.setVoiceGuidance(true);
  }

  protected keyOf(event: KeyboardEvent): KeyName | null {
    return BROWSER_KEYMAP[event.key] ?? null;
  }

  protected override startPlatform(): void {
    this.listen(this.win, 'message', (event: MessageEvent) => {
      // Only the emulator page around the app (same origin) may say what is on screen.
      if (event.origin !== this.win.location.origin || event.source !== this.win.parent) return;
      const data = event.data as { type?: unknown; channel?: unknown; enabled?: unknown } | null;
      if (data?.type === VOICE_GUIDANCE_MESSAGE && typeof data.enabled === 'boolean') {
        this.setVoiceGuidance(data.enabled);
      }
      if (data?.type !== TUNED_CHANNEL_MESSAGE) return;
      const channel = typeof data.channel === 'string' && data.channel ? data.channel : null;
      if (channel === this.channel) return;
      this.channel = channel;
      this.emitter.emit('tuner:changed', { channel });
    });
  }

  override getTunedChannel(): string | null {
    return this.channel;
  }

  getDeviceInfo(): Promise<DeviceInfo> {
    return Promise.resolve({
      hardwareId: this.screenId() ?? 'browser',
      model: 'Desktop browser',
      platformName: 'browser',
      platformVersion: this.win.navigator.userAgent,
    });
  }

  /**
   * One origin holds every screen the emulator can be: credentials are kept per screen, named by the page's
   * `?device=` (a demo box's id, or `new-…` for a TV that enrolls by code and may become any device of the
   * household); a page without one is the device last paired here.
   */
  override getCredentials(): Promise<DeviceCredentials | null> {
    const screen = this.screenId();
    if (!screen) return super.getCredentials();
    return Promise.resolve(
      readScreenCredentials(screen, this.win.localStorage.getItem(CREDENTIALS_PREFIX + screen)),
    );
  }

  override async setCredentials(credentials: DeviceCredentials): Promise<void> {
    const screen = this.screenId() ?? credentials.deviceId;
    this.win.localStorage.setItem(CREDENTIALS_PREFIX + screen, screenCredentialsValue(screen, credentials));
    await super.setCredentials(credentials);
  }

  /** Forgets this screen's credentials, and "the device last paired here" if it was this one. */
  override async clearCredentials(): Promise<void> {
    const current = await this.getCredentials();
    const screen = this.screenId();
    if (screen) this.win.localStorage.removeItem(CREDENTIALS_PREFIX + screen);
    const lastPaired = await super.getCredentials();
    if (!screen || (current && lastPaired?.deviceId === current.deviceId)) await super.clearCredentials();
  }

  /**
   * In the emulator the programme plays in the page around the TV app, so the adapter asks that page to lower it;
   * in a plain tab there is no programme and nothing to do.
   */
  override setProgrammeAudio(mode: ProgrammeAudio): Promise<void> {
    if (this.win.parent !== this.win) {
      this.win.parent.postMessage({ type: PROGRAMME_AUDIO_MESSAGE, mode }, this.win.location.origin);
    }
    return Promise.resolve();
  }

  protected override speakOnPlatform(text: string, interrupt: boolean): boolean {
    return speakWithSynthesis(this.win, text, interrupt);
  }

  /** Which of the emulator's screens this page is (`?device=`), if it says. */
  private screenId(): string | null {
    return new URLSearchParams(this.win.location.search).get('device');
  }
}

/** Where the emulator stores a screen's credentials for {@link BrowserAdapter} to find. */
export function browserCredentialsKey(screenId: string): string {
  return CREDENTIALS_PREFIX + screenId;
}

/**
 * What is stored for a screen: the token alone when the screen is the device it names (what the emulator writes for
 * a demo box), or the device's id and token when a screen enrolled as another device.
 */
export function screenCredentialsValue(screenId: string, credentials: DeviceCredentials): string {
  return credentials.deviceId === screenId ? credentials.token : JSON.stringify(credentials);
}

function readScreenCredentials(screenId: string, value: string | null): DeviceCredentials | null {
  if (!value) return null;
  if (!value.startsWith('{')) return { deviceId: screenId, token: value };
  try {
    const parsed = JSON.parse(value) as Partial<DeviceCredentials>;
    return typeof parsed.deviceId === 'string' && typeof parsed.token === 'string'
      ? { deviceId: parsed.deviceId, token: parsed.token }
      : null;
  } catch {
    return null;
  }
}
