import { LitElement, css, html } from 'lit';
import type { DemoGuide, DeviceSummary } from '../../protocol/index.ts';
import {
  browserCredentialsKey,
  TUNED_CHANNEL_MESSAGE,
  VOICE_GUIDANCE_MESSAGE,
  VOICE_GUIDANCE_PARAM,
} from '../../platform-adapters/browser/browser-adapter.ts';
import { listDemoDevices, loadDemoGuide, pairDemoDevice } from '../demo-household.ts';
import { EventListenerController } from '../shared/event-listener-controller.ts';
import './live-picture.ts';
import './programme-sound-meter.ts';
import { FORWARDED_KEYS } from './remote-keys.ts';
import './tv-remote.ts';
import type { RemoteKeyEvent } from './tv-remote.ts';

/**
 * `screen`: what the TV app's page is told it is (`tv.html?device=…`): a demo box's id, or `new-…` for a TV that
 * has no token and enrolls by code.
 */
type PairingState =
  { status: 'loading' } | { status: 'ready'; screen: string } | { status: 'error'; message: string };

/** The picker's value for a TV that joins the household by code, as a real one would. */
const NEW_TV = 'new';

/**
 * The desktop TV emulator: a 16:9 TV with a moving picture behind the TV app, an on-screen remote, the keyboard
 * mapped to remote keys, and a picker for which set-top box of the demo household this screen is — or a new TV,
 * which shows the enrollment code for the setup page to approve.
 */
export class TvEmulator extends LitElement {
  static override properties = {
    devices: { state: true },
    pairing: { state: true },
    poweredOn: { state: true },
    channels: { state: true },
    channel: { state: true },
    voiceGuidance: { state: true },
  };

  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 28px;
      padding: 24px;
      align-items: start;
      font:
        16px system-ui,
        sans-serif;
      color: #e8edf5;
    }
    header {
      grid-column: 1 / -1;
      display: flex;
      gap: 16px;
      align-items: center;
      flex-wrap: wrap;
    }
    h1 {
      font-size: 20px;
      margin: 0 12px 0 0;
    }
    label {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    select,
    button.power {
      font: inherit;
      padding: 6px 10px;
      border-radius: 8px;
      border: 1px solid #49546a;
      background: #232a38;
      color: inherit;
    }
    .tv {
      background: #0b0d12;
      padding: 14px;
      border-radius: 14px;
      box-shadow: 0 20px 60px #0008;
    }
    .screen {
      position: relative;
      aspect-ratio: 16 / 9;
      overflow: hidden;
      background: #000;
    }
    iframe {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      border: 0;
      background: transparent;
    }
    .off {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: #8893a7;
      background: #000;
    }
    .hint {
      grid-column: 1 / -1;
      color: #9aa6ba;
      font-size: 14px;
      margin: 0;
    }
    .error {
      color: #ff8a80;
    }
  `;

  declare devices: DeviceSummary[];
  declare pairing: PairingState;
  declare poweredOn: boolean;
  declare channels: DemoGuide['channels'];
  /** The channel the TV shows (null: none, as when an app is in front). */
  declare channel: string | null;
  /** The emulator's stand-in for the TV's accessibility menu: voice guidance on or off (`?voiceGuidance=on`). */
  declare voiceGuidance: boolean;
  private readonly params = new URLSearchParams(window.location.search);
  /**
   * The channel named in the TV app's URL, taken when the app is (re)loaded: later changes are posted to it,
   * since a new URL would reload the app.
   */
  private channelAtLoad: string | null = null;
  /** Likewise voice guidance: the TV app's URL carries it at load, and later changes are posted. */
  private voiceGuidanceAtLoad = false;

  constructor() {
    super();
    this.devices = [];
    this.pairing = { status: 'loading' };
    this.poweredOn = true;
    this.channels = [];
    this.channel = null;
    this.voiceGuidance = this.params.get(VOICE_GUIDANCE_PARAM) === 'on';
    new EventListenerController(this, window, 'keydown', this.onPageKey);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    const stbs = this.devices.filter((d) => d.kind === 'stb');
    const screen = this.pairing.status === 'ready' ? this.pairing.screen : '';
    const selected = screen.startsWith(`${NEW_TV}-`) ? NEW_TV : screen;
    return html`
      <header>
        <h1>Couchline TV emulator</h1>
        <label>
          This screen is
          <select
            @change=${(e: Event) => void this.choose((e.target as HTMLSelectElement).value)}
            .value=${selected}
          >
            ${stbs.map((d) => html`<option value=${d.id} ?selected=${d.id === selected}>${d.name}</option>`)}
            <option value=${NEW_TV} ?selected=${selected === NEW_TV}>New TV (enroll by code)</option>
          </select>
        </label>
        <label>
          Watching
          <select
            aria-label="Channel"
            @change=${(e: Event) => this.tune((e.target as HTMLSelectElement).value)}
          >
            ${this.channels.map(
              (ch) =>
                html`<option value=${ch.id} ?selected=${ch.id === this.channel}>
                  ${ch.name}${ch.now ? ` — ${ch.now.title}` : ''}
                </option>`,
            )}
            <option value="" ?selected=${this.channel === null}>No channel (an app)</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            .checked=${this.voiceGuidance}
            @change=${(e: Event) => this.setVoiceGuidance((e.target as HTMLInputElement).checked)}
          />
          Voice guidance (the TV's accessibility setting)
        </label>
        <button class="power" @click=${this.togglePower}>
          ${this.poweredOn ? 'Turn TV off' : 'Turn TV on'}
        </button>
        ${this.pairing.status === 'error' ? html`<span class="error" role="alert">${this.pairing.message}</span>` : ''}
      </header>
      <div class="tv">
        <div class="screen">
          <live-picture .label=${this.channelLabel()}></live-picture>
          ${
            this.poweredOn && this.pairing.status === 'ready'
              ? html`<iframe
                  title="TV app"
                  src=${this.appUrl(this.pairing.screen)}
                  allow="autoplay"
                ></iframe>`
              : html`<div class="off">${this.poweredOn ? 'Pairing…' : 'TV is off'}</div>`
          }
        </div>
        <programme-sound-meter></programme-sound-meter>
      </div>
      <tv-remote @remote-key=${(e: RemoteKeyEvent) => this.sendKey(e.key)}></tv-remote>
      <p class="hint">
        Keyboard: arrows, Enter = OK, Esc or Backspace = Back, 0–9, Space = play/pause, F1–F4 = colour keys, I
        = Info (inbox).
      </p>
    `;
  }

  private channelLabel(): string {
    const channel = this.channels.find((ch) => ch.id === this.channel);
    return channel ? [channel.name, channel.now?.title].filter(Boolean).join(' · ') : '';
  }

  private readonly togglePower = () => {
    this.rememberAtLoad();
    this.poweredOn = !this.poweredOn;
  };

  /**
   * The viewer changes channel: the TV app is told as a set-top box's middleware would tell it (its platform
   * adapter reports it to Couchline, for programme rules and "Quiet for this programme").
   */
  private tune(channel: string): void {
    this.channel = channel || null;
    this.renderRoot
      .querySelector('iframe')
      ?.contentWindow?.postMessage(
        { type: TUNED_CHANNEL_MESSAGE, channel: this.channel },
        window.location.origin,
      );
  }

  /** What the TV app's next load is told in its URL: the channel on now, and the voice-guidance setting. */
  private rememberAtLoad(): void {
    this.channelAtLoad = this.channel;
    this.voiceGuidanceAtLoad = this.voiceGuidance;
  }

  /** The viewer turns voice guidance on or off: the TV app hears it as a set-top box's setting would tell it. */
  private setVoiceGuidance(enabled: boolean): void {
    this.voiceGuidance = enabled;
    this.renderRoot
      .querySelector('iframe')
      ?.contentWindow?.postMessage({ type: VOICE_GUIDANCE_MESSAGE, enabled }, window.location.origin);
  }

  private appUrl(screen: string): string {
    const query = new URLSearchParams({ device: screen });
    if (this.channelAtLoad) query.set('channel', this.channelAtLoad);
    if (this.voiceGuidanceAtLoad) query.set(VOICE_GUIDANCE_PARAM, 'on');
    for (const passThrough of ['inspect', 'alertSeconds']) {
      const value = this.params.get(passThrough);
      if (value !== null) query.set(passThrough, value);
    }
    return `tv.html?${query}`;
  }

  private async load(): Promise<void> {
    // Without the demo routes (COUCHLINE_DEMO off, or a backend on another host) the emulator is a new TV.
    this.devices = await listDemoDevices().catch(() => []);
    // The guide is a nicety: without it the picker offers no channels and the screen shows none.
    this.channels = await loadDemoGuide().catch(() => []);
    this.channel = this.channels[0]?.id ?? null;
    const wanted = this.params.get('device');
    const stbs = this.devices.filter((d) => d.kind === 'stb');
    const first =
      wanted === NEW_TV
        ? undefined
        : (stbs.find((d) => d.id === wanted) ?? stbs.find((d) => d.room === 'Living room') ?? stbs[0]);
    await this.choose(first?.id ?? NEW_TV);
  }

  private async choose(value: string): Promise<void> {
    if (value === NEW_TV) this.enrollNewTv();
    else await this.pair(value);
  }

  /**
   * A new TV: a screen name no token is stored under, so the TV app shows its enrollment code; once the code is
   * approved on the setup page, the app keeps its token under that name and starts. Each choice is a new TV.
   */
  private enrollNewTv(): void {
    this.rememberAtLoad();
    this.pairing = { status: 'ready', screen: `${NEW_TV}-${Math.random().toString(36).slice(2, 10)}` };
  }

  /** Pairs this screen as the demo box `deviceId`: a fresh token, kept where the TV app's browser adapter reads it. */
  private async pair(deviceId: string): Promise<void> {
    this.pairing = { status: 'loading' };
    this.rememberAtLoad();
    try {
      const { token } = await pairDemoDevice(deviceId);
      localStorage.setItem(browserCredentialsKey(deviceId), token);
      this.pairing = { status: 'ready', screen: deviceId };
    } catch (error) {
      this.pairing = { status: 'error', message: `Pairing failed: ${(error as Error).message}` };
    }
  }

  /** A remote key goes to the TV app as the keydown/keyup a real remote produces. */
  private sendKey(key: string): void {
    const frame = this.renderRoot.querySelector('iframe');
    const target = frame?.contentWindow;
    if (!target) return;
    for (const type of ['keydown', 'keyup'] as const) {
      target.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, cancelable: true }));
    }
  }

  /** Keys pressed on the emulator page (not inside the TV frame) are forwarded, unless typed into a control. */
  private readonly onPageKey = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0];
    if (target instanceof HTMLSelectElement || target instanceof HTMLInputElement) return;
    if (!FORWARDED_KEYS.has(event.key)) return;
    event.preventDefault();
    this.sendKey(event.key);
  };
}
customElements.define('tv-emulator', TvEmulator);
