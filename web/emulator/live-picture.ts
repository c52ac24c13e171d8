import { LitElement, css, html } from 'lit';
import { AnimationFrameController } from '../shared/animation-frame-controller.ts';

/**
 * A stand-in for live TV: a moving picture drawn on a canvas behind the TV app, so overlays can be judged
 * against something that moves. No video file is needed.
 */
const LABEL_MS = 5000;

export class LivePicture extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: absolute;
      inset: 0;
    }
    canvas {
      width: 100%;
      height: 100%;
      display: block;
    }
  `;

  static override properties = { label: {} };

  /** What is on, as the set-top box's own banner would say it ("Channel 4 · The Evening News"). */
  declare label: string;
  /** When the label last changed: like a box's own banner, it shows for a few seconds after a change. */
  private labelSince = performance.now();

  constructor() {
    super();
    this.label = '';
    new AnimationFrameController(this, (t) => this.draw(t));
  }

  override render() {
    return html`<canvas width="960" height="540" aria-label="Live TV picture (simulated)"></canvas>`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('label')) this.labelSince = performance.now();
  }

  private draw(t: number): void {
    const canvas = this.renderRoot.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (ctx) {
      const w = 960;
      const h = 540;
      const hue = (t / 80) % 360;
      const sky = ctx.createLinearGradient(0, 0, w, h);
      sky.addColorStop(0, `hsl(${hue}, 55%, 35%)`);
      sky.addColorStop(1, `hsl(${(hue + 70) % 360}, 60%, 18%)`);
      ctx.fillStyle = sky;
      ctx.fillRect(0, 0, w, h);
      for (let i = 0; i < 6; i++) {
        const x = ((t / (14 + i * 3) + i * 170) % (w + 200)) - 100;
        const y = 120 + i * 60 + Math.sin(t / 700 + i) * 30;
        ctx.fillStyle = `hsla(${(hue + i * 40) % 360}, 70%, 70%, 0.35)`;
        ctx.beginPath();
        ctx.arc(x, y, 40 + i * 6, 0, Math.PI * 2);
        ctx.fill();
      }
      // The box's own channel banner: bottom left, for a few seconds after a change of channel.
      if (t - this.labelSince <= LABEL_MS) {
        const label = this.label ? `● LIVE  ${this.label}` : 'No channel';
        ctx.font = '20px sans-serif';
        ctx.fillStyle = 'rgba(0,0,0,0.45)';
        ctx.fillRect(24, h - 60, ctx.measureText(label).width + 24, 40);
        ctx.fillStyle = '#fff';
        ctx.fillText(label, 36, h - 33);
      }
    }
  }
}
customElements.define('live-picture', LivePicture);
