import Lightning from '../../ui/lightning.ts';
import { Button } from '../../ui/button.ts';
import { moveInGrid, rowsOf, type Arrow } from '../../ui/focus-grid.ts';
import { COLOR, FONT, SAFE } from '../../ui/theme.ts';
import { alertTitle } from './voicemail-alert.ts';
import {
  PIN_MAX,
  PIN_MIN,
  type ListenFlow,
  type ListenState,
} from '../../../client/voicemail/listen-flow.ts';
import { bodyText, panel, titleText } from '../../ui/panel.ts';

const W = 760;
const H = 840;
const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'] as const;
const KEYPAD_COLUMNS = 3;
const OK_INDEX = KEYPAD.indexOf('OK');
const HINT = 'Digit keys, or arrows and OK on the pad, type the PIN · OK on OK checks it · Back closes';

/**
 * PIN entry: digit keys where the remote has them, and an on-screen keypad (arrows and OK) for remotes that
 * don't. Digits show as dots only (the screen is shared). It opens on the pad's first digit; once the digit keys
 * have typed a complete PIN the focus moves to OK, so OK checks it. Back closes.
 */
export class PinScreen extends Lightning.Component {
  private flow: ListenFlow | null = null;
  private focusIndex = 0;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: SAFE.y + 60,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Title: { x: 48, y: 40, text: { ...titleText(W - 96), text: 'Enter your voicemail PIN' } },
      Subtitle: { x: 48, y: 96, text: bodyText(W - 96) },
      Digits: {
        x: 48,
        y: 150,
        text: { text: '', fontFace: FONT.face, fontSize: 56, textColor: COLOR.text, letterSpacing: 12 },
      },
      Error: { x: 48, y: 240, text: bodyText(W - 96, { maxLines: 2, color: COLOR.error }) },
      Keypad: {
        x: 48,
        y: 340,
        children: KEYPAD.map((label, i) => ({
          type: Button,
          x: (i % KEYPAD_COLUMNS) * 224,
          y: Math.floor(i / KEYPAD_COLUMNS) * 96,
          w: 208,
          h: 80,
          label,
        })),
      },
      Hint: { x: 48, y: 730, text: { ...bodyText(W - 96, { maxLines: 2 }), text: HINT } },
    };
  }

  bindFlow(flow: ListenFlow): void {
    this.flow = flow;
  }

  /** Renders the flow's PIN step; hides for any other. Each time it opens, the focus is on the first digit. */
  renderState(state: ListenState): void {
    if (state.step !== 'pin') {
      this.patch({ visible: false });
      return;
    }
    if (!this.visible) this.focusIndex = 0;
    this.patch({ visible: true });
    this.tag('Title').text.text =
      state.intent === 'delete' ? 'Enter your PIN to delete' : 'Enter your voicemail PIN';
    this.tag('Subtitle').text.text = alertTitle(state.message);
    this.tag('Error').text.text = state.busy ? 'Checking…' : (state.error ?? '');
    this.tag('Digits').text.text = '•'.repeat(state.length) || ' ';
  }

  override _getFocused(): Lightning.Component {
    return this.tag('Keypad').children[this.focusIndex] as Lightning.Component;
  }

  /** Digit keys arrive by logical name (`Digit7`), through the same `key` field Lightning's events have. */
  override _handleKey(event: KeyboardEvent): boolean {
    const match = /^Digit(\d)$/.exec(event.key);
    if (!match) return false;
    this.typeDigit(match[1]!);
    const state = this.flow?.state;
    // The digit keys typed a complete PIN: OK is what the viewer wants next, so it is where the focus goes.
    if (state?.step === 'pin' && state.length >= PIN_MIN) this.focusOn(OK_INDEX);
    return true;
  }

  override _handleUp(): void {
    this.move('Up');
  }

  override _handleDown(): void {
    this.move('Down');
  }

  override _handleLeft(): void {
    this.move('Left');
  }

  override _handleRight(): void {
    this.move('Right');
  }

  override _handleEnter(): void {
    const label = KEYPAD[this.focusIndex]!;
    if (label === 'OK') void this.flow?.submitPin();
    else if (label === '⌫') this.flow?.eraseDigit();
    else this.typeDigit(label);
  }

  override _handleBack(): void {
    this.flow?.close();
  }

  private typeDigit(digit: string): void {
    const before = this.flow?.state;
    if (before?.step !== 'pin' || before.length >= PIN_MAX) return;
    this.flow?.typeDigit(Number(digit));
  }

  /** Three keys to a row; Left and Right stay within it, and nothing wraps. */
  private move(arrow: Arrow): void {
    const at = { row: Math.floor(this.focusIndex / KEYPAD_COLUMNS), col: this.focusIndex % KEYPAD_COLUMNS };
    const next = moveInGrid(rowsOf(KEYPAD.length, KEYPAD_COLUMNS), at, arrow);
    if (next) this.focusOn(next.row * KEYPAD_COLUMNS + next.col);
  }

  private focusOn(index: number): void {
    this.focusIndex = index;
    this._refocus();
  }
}
