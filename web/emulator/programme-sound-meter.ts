import { LitElement, css, html } from 'lit';
import { PROGRAMME_AUDIO_MESSAGE } from '../../platform-adapters/browser/browser-adapter.ts';
import type { ProgrammeAudio } from '../../platform-adapters/contract/index.ts';
import { AnimationFrameController } from '../shared/animation-frame-controller.ts';
import { EventListenerController } from '../shared/event-listener-controller.ts';
import { PROGRAMME_GAIN, ProgrammeSound } from './programme-sound.ts';

const MODES = Object.keys(PROGRAMME_GAIN) as ProgrammeAudio[];
const MODE_WORDS: Record<ProgrammeAudio, string> = {
  normal: 'Programme sound',
  ducked: 'Programme sound lowered',
  muted: 'Programme sound muted',
};

/**
 * The programme's sound and its level meter, under the emulator's TV: the sound starts at the viewer's first click
 * or key on the page (browsers allow audio only then), and follows what the TV app asks through its platform adapter
 * (`setProgrammeAudio` → a message to this page), as a set-top box's mixer would.
 */
export class ProgrammeSoundMeter extends LitElement {
  static override properties = { mode: { state: true }, started: { state: true } };

  static override styles = css`
    :host {
      display: flex;
      gap: 12px;
      align-items: center;
      font-size: 14px;
      color: #9aa6ba;
    }
    meter {
      width: 180px;
      height: 14px;
    }
    button {
      font: inherit;
      padding: 4px 10px;
      border-radius: 8px;
      border: 1px solid #49546a;
      background: #232a38;
      color: #e8edf5;
    }
  `;

  readonly sound = new ProgrammeSound();
  declare mode: ProgrammeAudio;
  declare started: boolean;

  constructor() {
    super();
    this.mode = 'normal';
    this.started = false;
    new EventListenerController(this, window, 'message', this.onMessage);
    new EventListenerController(this, window, 'pointerdown', this.onGesture);
    new EventListenerController(this, window, 'keydown', this.onGesture);
    new AnimationFrameController(this, () => this.drawLevel());
  }

  override render() {
    return html`
      <span>${MODE_WORDS[this.mode]}</span>
      <meter aria-label="Programme sound level" min="0" max="0.5" low="0.05" value="0"></meter>
      ${this.started ? '' : html`<button @click=${this.onGesture}>Turn the programme sound on</button>`}
    `;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.sound.dispose();
  }

  /** Starts the sound (the first gesture calls it; a test may too). */
  async start(): Promise<void> {
    await this.sound.start();
    this.started = true;
  }

  private readonly onGesture = (): void => {
    if (!this.sound.isStarted) void this.start();
  };

  /** Only a page of this emulator's origin (the TV app in its frame) sets the programme's sound. */
  private readonly onMessage = (event: MessageEvent): void => {
    if (event.origin !== window.location.origin) return;
    const data = event.data as { type?: unknown; mode?: unknown } | null;
    if (data?.type !== PROGRAMME_AUDIO_MESSAGE) return;
    const mode = MODES.find((m) => m === data.mode);
    if (!mode) return;
    this.sound.setMode(mode);
    this.mode = mode;
  };

  private drawLevel(): void {
    const meter = this.renderRoot.querySelector('meter');
    if (meter) meter.value = this.sound.level();
  }
}
customElements.define('programme-sound-meter', ProgrammeSoundMeter);
