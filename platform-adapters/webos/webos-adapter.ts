import type { DeviceInfo, KeyName, PlatformCapabilities, PlatformIdentity } from '../contract/index.ts';
import { DomAdapter, keyFromTable } from '../shared/dom-adapter.ts';
import { W3C_KEYS } from '../shared/w3c-keys.ts';
import { WEBOS_KEY_CODES } from './webos-keys.ts';
import { speakOnWebOs, watchAudioGuidance, type LunaCall } from './webos-audio-guidance.ts';

interface LunaRequest {
  cancel(): void;
}

/** The parts of LG's webOSTV.js / webOSTVjs-dev globals the adapter uses. */
export interface WebOsGlobals {
  webOS?: {
    deviceInfo?(
      callback: (info: { modelName?: string; version?: string; sdkVersion?: string }) => void,
    ): void;
    platformBack?(): void;
    service?: { request: LunaCall };
  };
  webOSDev?: {
    LGUDID?(options: { onSuccess(result: { id: string }): void; onFailure(error: unknown): void }): void;
    connection?: {
      getStatus(options: {
        subscribe: boolean;
        onSuccess(result: { isInternetConnectionAvailable: boolean }): void;
        onFailure(error: unknown): void;
      }): LunaRequest | undefined;
    };
  };
  PalmSystem?: { activate?(): void };
}

/** How long to wait for the LG UDID before going on without it. */
const UDID_TIMEOUT_MS = 3000;

/**
 * LG webOS TV (PLATFORMS.md §3): keys by code, Back (461) handled by the app itself (the package sets
 * `disableBackHistoryAPI`); a launch while running (`webOSRelaunch`) brings the app forward and catches up; the
 * internet connection from webOSDev's connection manager; device model from `webOS.deviceInfo` and the LG UDID where
 * the viewer agreed to it; a system toast through the notification service where the TV allows it; exit by closing
 * the window (webOS has no exit call). Voice guidance follows the TV's Audio Guidance setting and speaks through its
 * text-to-speech service (webos-audio-guidance.ts).
 *
 * Programme sound: not lowered. The Audio service (`luna://com.webos.audio`: setMuted, volumeUp, volumeDown) is the
 * TV's master volume, which the voicemail plays through too; webOS TV gives a store app no per-source volume.
 */
export class WebOsAdapter extends DomAdapter {
  readonly capabilities: PlatformCapabilities;
  private readonly globals: WebOsGlobals;

  constructor(win: Window) {
    super(win);
    this.globals = win as unknown as WebOsGlobals;
    this.capabilities = {
      hasDigitKeys: true,
      // The Magic Remote has no media keys; playback works with OK and the arrows.
      hasMediaKeys: false,
      supportsBackgroundAlerts: false,
      supportsSystemToast: typeof this.globals.webOS?.service?.request === 'function',
      knowsTunedChannel: false,
      canExit: true,
      asksBeforeExit: false,
    };
  }

  protected keyOf(event: KeyboardEvent): KeyName | null {
    return keyFromTable(event, WEBOS_KEY_CODES, W3C_KEYS);
  }

  protected override startPlatform(): void {
    this.listen(this.win.document, 'webOSRelaunch', () => {
      // With handlesRelaunch the app brings itself forward (as Samsung's webOS adapter does), then catches up.
      this.globals.PalmSystem?.activate?.();
      this.emitter.emit('lifecycle:relaunched', {});
    });
    const request = this.globals.webOSDev?.connection?.getStatus({
      subscribe: true,
      onSuccess: (result) => this.setOnline(result.isInternetConnectionAvailable),
      onFailure: () => {
        /* the browser's online/offline events still apply */
      },
    });
    if (request) this.onDispose(() => request.cancel());
    const service = this.globals.webOS?.service;
    if (service) {
      try {
        this.onDispose(watchAudioGuidance(service.request.bind(service), (on) => this.setVoiceGuidance(on)));
      } catch {
        // A TV without the settings service: voice guidance stays off.
      }
    }
  }

  protected override speakOnPlatform(text: string, interrupt: boolean): boolean | Promise<boolean> {
    const service = this.globals.webOS?.service;
    return service ? speakOnWebOs(service.request.bind(service), text, interrupt) : false;
  }

  async getDeviceInfo(): Promise<DeviceInfo> {
    const info = await new Promise<{ modelName?: string; version?: string; sdkVersion?: string }>(
      (resolve) => {
        const webOS = this.globals.webOS;
        if (webOS?.deviceInfo) webOS.deviceInfo(resolve);
        else resolve({});
      },
    );
    const udid = await this.lgUdid();
    return {
      hardwareId: udid ?? 'webos',
      model: info.modelName ?? 'LG TV',
      platformName: 'webos',
      platformVersion: info.sdkVersion ?? info.version ?? 'unknown',
    };
  }

  /** The LG UDID, where the viewer agreed to share it (webOS TV 3.0+; never in LG's emulator). */
  override async getPlatformIdentity(): Promise<PlatformIdentity | null> {
    const udid = await this.lgUdid();
    return udid ? { platform: 'webos', platformId: udid } : null;
  }

  /**
   * `webOSDev.LGUDID`: needs the viewer's agreement and is missing in the emulator, so it may fail or, on some
   * firmware, never answer; after {@link UDID_TIMEOUT_MS} the TV goes on without it.
   */
  private lgUdid(): Promise<string | null> {
    return new Promise((resolve) => {
      const webOSDev = this.globals.webOSDev;
      if (!webOSDev?.LGUDID) return resolve(null);
      const timer = setTimeout(() => resolve(null), UDID_TIMEOUT_MS);
      const done = (id: string | null) => {
        clearTimeout(timer);
        resolve(id);
      };
      try {
        webOSDev.LGUDID({ onSuccess: (r) => done(r.id || null), onFailure: () => done(null) });
      } catch {
        done(null);
      }
    });
  }

  override showSystemToast(text: string): Promise<boolean> {
    const service = this.globals.webOS?.service;
    if (!service) return Promise.resolve(false);
    return new Promise((resolve) => {
      try {
        service.request('luna://com.webos.notification', {
          method: 'createToast',
          parameters: { message: text },
          onSuccess: () => resolve(true),
          onFailure: () => resolve(false),
        });
      } catch {
        resolve(false);
      }
    });
  }

  override exit(): void {
    this.win.close();
  }
}
