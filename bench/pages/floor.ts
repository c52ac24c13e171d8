// The floor for the TV app's frame timings (bench/tv-frame-timing.ts): a bare Lightning app with a scene of the
// same size — a 1920×1080 stage drawn at the viewport's size, one overlay panel with a title and four focusable
// buttons — and nothing else: no platform adapter, no push protocol, no storage. It shows the overlay when its
// WebSocket says so. Timed by the same traceFrames as the TV app.
import Lightning from '@lightningjs/core';
import { traceFrames } from '../../app/ui/frame-timing.ts';

const STAGE = { w: 1920, h: 1080 };
const W = 900;
const H = 250;
const LABELS = ['Listen', 'Later', 'Delete', 'Dismiss'];

class FloorButton extends Lightning.Component {
  static override _template() {
    return {
      w: 190,
      h: 64,
      rect: true,
      color: 0xff2a3646,
      Label: { x: 95, y: 32, mount: 0.5, text: { text: '', fontFace: 'sans-serif', fontSize: 28 } },
    };
  }

  set label(value: string) {
    this.tag('Label').text.text = value;
  }

  override _focus() {
    this.patch({ color: 0xffffffff, Label: { text: { textColor: 0xff121a26 } } });
  }

  override _unfocus() {
    this.patch({ color: 0xff2a3646, Label: { text: { textColor: 0xffffffff } } });
  }
}

class Floor extends Lightning.Application {
  private index = 0;

  static override _template() {
    return {
      Overlay: {
        x: STAGE.w - 96 - W,
        y: STAGE.h - 54 - H,
        w: W,
        h: H,
        visible: false,
        Panel: { w: W, h: H, rect: true, color: 0xe6121a26 },
        Title: { x: 40, y: 28, text: { text: '', fontFace: 'sans-serif', fontSize: 36, fontStyle: 'bold' } },
        Buttons: {
          x: 40,
          y: 140,
          children: LABELS.map((label, i) => ({ type: FloorButton, x: i * 208, label })),
        },
      },
    };
  }

  show(title: string) {
    this.tag('Title').text.text = title;
    this.tag('Overlay').visible = true;
    this._refocus();
  }

  override _getFocused() {
    return this.tag('Overlay').visible ? this.tag('Buttons').children[this.index] : this;
  }

  override _handleLeft() {
    this.index = Math.max(0, this.index - 1);
    this._refocus();
  }

  override _handleRight() {
    this.index = Math.min(LABELS.length - 1, this.index + 1);
    this._refocus();
  }
}

const precision = Math.min(window.innerWidth / STAGE.w, window.innerHeight / STAGE.h) || 1;
const app = new Floor({
  stage: { w: STAGE.w * precision, h: STAGE.h * precision, precision, clearColor: 0x00000000 },
  defaultFontFace: 'sans-serif',
} as unknown as ConstructorParameters<typeof Floor>[0]);
const timing = traceFrames(app.stage, window);
document.body.appendChild(app.stage.getCanvas());

const socketUrl = new URLSearchParams(window.location.search).get('ws');
if (socketUrl) {
  const socket = new WebSocket(socketUrl);
  socket.onmessage = (message: MessageEvent) => {
    timing.alert();
    app.show(String(message.data));
  };
}
