import type { DeviceInfo, KeyName, PlatformCapabilities, PlatformIdentity } from '../contract/index.ts';
import { DomAdapter, keyFromTable } from '../shared/dom-adapter.ts';
import { W3C_KEYS } from '../shared/w3c-keys.ts';
import { TIZEN_KEY_CODES, TIZEN_REGISTERED_KEYS } from './tizen-keys.ts';
import { FocusedLineReader, isVoiceGuideOn, voiceGuideKey, type TizenTvInfo } from './tizen-voice-guide.ts';

/** The parts of Samsung's `tizen` and `webapis` globals the adapter uses (Tizen Web Device API, Samsung Product API). */
export interface TizenGlobals {
  tizen: {
    tvinputdevice: {
      getSupportedKeys(): { name: string; code: number }[];
      registerKeyBatch(names: string[], onSuccess?: () => void, onError?: (error: unknown) => void): void;
      registerKey(name: string): void;
      unregisterKey(name: string): void;
    };
    application: { getCurrentApplication(): { exit(): void; hide(): void } };
  };
  webapis?: {
    productinfo?: { getDuid(): string; getModel(): string; getRealModel?(): string; getFirmware(): string };
    network?: {
      isConnectedToGateway(): boolean;
      addNetworkStateChangeListener(callback: (state: number) => void): number;
      removeNetworkStateChangeListener(id: number): void;
      NetworkState?: { GATEWAY_CONNECTED: number; GATEWAY_DISCONNECTED: number };
    };
    tvinfo?: TizenTvInfo;
  };
}

/** Samsung's values where `webapis.network.NetworkState` is missing. */
const GATEWAY_CONNECTED = 4;
const GATEWAY_DISCONNECTED = 5;

/**
 * Samsung Tizen TV (PLATFORMS.md §2): remote keys registered in one batch (each alone if the batch fails, only those
 * the remote has), dispatched by key code; the app hides and its JavaScript pauses when the viewer switches away
 * (`visibilitychange`), so the push channel lets go and catches up on return; device identity from
 * `webapis.productinfo`, network from `webapis.network`; exit through `tizen.application`, after the app has asked
 * (Samsung wants a confirmation at the root screen). Voice guidance follows the TV's Voice Guide setting
 * (`webapis.tvinfo`), and the Voice Guide reads each line from a focused element (tizen-voice-guide.ts).
 *
 * Programme sound: not lowered. `tizen.tvaudiocontrol` (setVolume/setMute) is the TV's one master volume, and the
 * programme (live TV in a `tizen.tvwindow`, Samsung's PiP guide says so) and the voicemail's `<audio>` both play
 * through it: lowering it lowers the voicemail as much. Samsung offers no per-source volume to a web app.
 */
export class TizenAdapter extends DomAdapter {
  readonly capabilities: PlatformCapabilities;
  private readonly globals: TizenGlobals;
  private readonly supported: Set<string>;
  private registered: string[] = [];
  private readonly reader: FocusedLineReader;

  constructor(win: Window) {
    super(win);
    this.globals = win as unknown as TizenGlobals;
    this.supported = new Set(this.supportedKeys());
    this.capabilities = {
      // The Smart Remote has no digits (it offers a virtual "123" pad): ask the device what its remote has.
      hasDigitKeys: this.supported.has('1'),
      hasMediaKeys: this.supported.has('MediaPlayPause') || this.supported.has('MediaPlay'),
      // A hidden Tizen app's JavaScript is paused: it cannot alert over live TV or another app.
      supportsBackgroundAlerts: false,
      supportsSystemToast: false,
      knowsTunedChannel: false,
      canExit: true,
      asksBeforeExit: true,
    };
    const network = this.globals.webapis?.network;
    if (network) this.online = safe(() => network.isConnectedToGateway(), this.online);
    this.reader = new FocusedLineReader(win.document);
  }

  protected keyOf(event: KeyboardEvent): KeyName | null {
    return keyFromTable(event, TIZEN_KEY_CODES, W3C_KEYS);
  }

  protected override startPlatform(): void {
    // A Tizen page without the TV's APIs (its web browser, not an app) still gets arrows, OK and Back.
    safe(() => this.registerKeys(), undefined);
    const network = this.globals.webapis?.network;
    if (network) {
      const states = network.NetworkState ?? {
        GATEWAY_CONNECTED,
        GATEWAY_DISCONNECTED,
      };
      const id = network.addNetworkStateChangeListener((state) => {
        if (state === states.GATEWAY_CONNECTED) this.setOnline(true);
        if (state === states.GATEWAY_DISCONNECTED) this.setOnline(false);
      });
      this.onDispose(() => network.removeNetworkStateChangeListener(id));
    }
    this.watchVoiceGuide();
    this.onDispose(() => this.reader.dispose());
    this.onDispose(() => {
      for (const name of this.registered.splice(0)) {
        safe(() => this.globals.tizen.tvinputdevice.unregisterKey(name), undefined);
      }
    });
  }

  getDeviceInfo(): Promise<DeviceInfo> {
    const product = this.globals.webapis?.productinfo;
    const version = /Tizen (\d+(?:\.\d+)*)/.exec(this.win.navigator.userAgent)?.[1] ?? 'unknown';
    return Promise.resolve({
      hardwareId: safe(() => product?.getDuid(), undefined) ?? 'tizen',
      model: safe(() => product?.getRealModel?.() ?? product?.getModel(), undefined) ?? 'Samsung TV',
      platformName: 'tizen',
      platformVersion: version,
    });
  }

  /**
   * The DUID (`webapis.productinfo.getDuid()`, privilege `productinfo`): the id Samsung and the operator know this TV
   * by. Without the privilege or the Product API (Tizen's web browser) there is none.
   */
  override getPlatformIdentity(): Promise<PlatformIdentity | null> {
    const duid = safe(() => this.globals.webapis?.productinfo?.getDuid(), undefined);
    return Promise.resolve(duid ? { platform: 'tizen', platformId: duid } : null);
  }

  override exit(): void {
    safe(() => this.globals.tizen.application.getCurrentApplication().exit(), undefined);
  }

  protected override speakOnPlatform(text: string): boolean {
    return this.reader.read(text);
  }

  /** The Voice Guide setting now, and on every change of the TV's menu; without the TvInfo API it stays off. */
  private watchVoiceGuide(): void {
    const tvinfo = this.globals.webapis?.tvinfo;
    if (!tvinfo) return;
    const read = () => this.setVoiceGuidance(safe(() => isVoiceGuideOn(tvinfo), false));
    read();
    const id = safe(() => tvinfo.addCaptionChangeListener(voiceGuideKey(tvinfo), read), null);
    if (id !== null) this.onDispose(() => safe(() => tvinfo.removeCaptionChangeListener(id), undefined));
  }

  /** The keys to register: all the app uses that this device's remote has (registering others fails). */
  private registerKeys(): void {
    const input = this.globals.tizen.tvinputdevice;
    const wanted: string[] = TIZEN_REGISTERED_KEYS.filter((name) => this.supported.has(name));
    const one = (name: string) => {
      try {
        input.registerKey(name);
        this.registered.push(name);
      } catch {
        // One key the device refuses does not cost the others.
      }
    };
    try {
      input.registerKeyBatch(
        wanted,
        () => this.registered.push(...wanted),
        () => wanted.forEach(one),
      );
    } catch {
      wanted.forEach(one);
    }
  }

  private supportedKeys(): string[] {
    return safe(() => this.globals.tizen.tvinputdevice.getSupportedKeys().map((k) => k.name), []);
  }
}

/** A platform call that may throw (missing privilege, old firmware): its value, or `fallback`. */
function safe<T>(call: () => T, fallback: T): T {
  try {
    return call();
  } catch {
    return fallback;
  }
}
