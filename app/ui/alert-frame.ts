import { TvComponent } from '../shell/component.ts';
import { ButtonRow, type RowButton } from './button-row.ts';
import type Lightning from './lightning.ts';
import { bodyText, panel } from './panel.ts';
import { COLOR, FONT, LINE_HEIGHT, SAFE, STAGE } from './theme.ts';
import { closesIn } from '../../client/wording.ts';

/** Every alert over the picture (voicemail, text, a backlog's summary) is this size, in this place. */
export const ALERT_W = 1100;
export const ALERT_H = 290;
const PAD = 40;
/** The countdown's room at the top right, beside the title. */
const COUNTDOWN_W = 220;

/**
 * The one frame every alert is drawn in: bottom right inside the title-safe area, clear of the picture's centre, an
 * opaque panel with the accent bar, a bold title (`titleLines` lines), a detail line, a line saying when a late
 * message was left, the seconds left before the alert leaves (top right), and the actions (a ButtonRow of `buttons`) along
 * the bottom. Texts are set with {@link AlertCountdown} and plain `text` patches: data, never markup.
 */
export function alertFrame(
  buttons: readonly RowButton[],
  titleLines = 1,
): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
  return {
    x: STAGE.w - SAFE.x - ALERT_W,
    y: STAGE.h - SAFE.y - ALERT_H,
    w: ALERT_W,
    h: ALERT_H,
    visible: false,
    Panel: panel(ALERT_W, ALERT_H),
    Accent: { x: 0, y: 24, w: 8, h: ALERT_H - 48, rect: true, color: COLOR.accent },
    Title: {
      x: PAD,
      y: 28,
      text: {
        text: '',
        fontFace: FONT.face,
        fontSize: FONT.title,
        fontStyle: 'bold',
        lineHeight: LINE_HEIGHT.title,
        textColor: COLOR.text,
        wordWrapWidth: ALERT_W - 2 * PAD - COUNTDOWN_W,
        maxLines: titleLines,
        textOverflow: 'ellipsis',
      },
    },
    Countdown: { x: ALERT_W - PAD, y: 34, type: AlertCountdown },
    Detail: { x: PAD, y: 84, text: bodyText(ALERT_W - 2 * PAD) },
    Late: { x: PAD, y: 124, visible: false, text: bodyText(ALERT_W - 2 * PAD) },
    Actions: { x: PAD, y: 180, type: ButtonRow, buttons },
  };
}

/** Sets a line of an {@link alertFrame} (`Detail`, `Late`), hiding it when empty: an empty text keeps its last texture. */
export function setAlertLine(frame: Lightning.Component, ref: 'Detail' | 'Late', text: string | null): void {
  frame.tag(ref).patch({ visible: Boolean(text), ...(text ? { text: { text } } : {}) });
}

/**
 * "Closes in 12 s" at an alert's top right, counting down to the moment it leaves, once a second; nothing when
 * stopped.
 */
export class AlertCountdown extends TvComponent {
  private timer: ReturnType<typeof setInterval> | undefined;
  private leavesAt = 0;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    // Right-aligned on the frame's padding: the label's own width, mounted at its right edge.
    return {
      visible: false,
      Label: {
        mountX: 1,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim },
      },
    };
  }

  /** Counts down to `leavesAt` (epoch ms); null stops and hides it. */
  start(leavesAt: number | null): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (leavesAt === null) {
      this.patch({ visible: false });
      return;
    }
    this.leavesAt = leavesAt;
    this.tick();
    this.patch({ visible: true });
    // A quarter-second beat, so the number changes within a quarter second of the true one.
    this.timer = setInterval(() => this.tick(), 250);
  }

  private tick(): void {
    const label = this.tag('Label');
    const text = closesIn(this.leavesAt - Date.now());
    if (label.text.text !== text) label.text.text = text;
  }

  override _detach(): void {
    clearInterval(this.timer);
  }
}
