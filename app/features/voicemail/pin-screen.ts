import Lightning from '../../ui/lightning.ts';
import { Button } from '../../ui/button.ts';
import { moveInGrid, rowsOf, type Arrow } from '../../ui/focus-grid.ts';
import { COLOR, FONT, SAFE } from '../../ui/theme.ts';
import { alertTitle } from './voicemail-alert.ts';
import { PIN_MAX, type ListenFlow, type ListenState } from '../../../client/voicemail/listen-flow.ts';
import { panel } from '../../ui/panel.ts';

const W = 760;
const H = 760;
/** How long a typed digit shows before it becomes a dot. */
const ECHO_MS = 700;
const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'] as const;
const KEYPAD_COLUMNS = 3;

/**
 * PIN entry: digit keys where the remote has them, and an on-screen keypad (arrows and OK) for remotes that
 * don't. Digits show as dots; the last one typed shows briefly. Back closes.
 */
export class PinScreen extends Lightning.Component {
  private flow: ListenFlow | null = null;
  private focusIndex = 0;
  private echo: { digit: string; until: number } | null = null;
  private echoTimer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: SAFE.y + 60,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Title: {
        x: 48,
        y: 40,
        text: {
          text: 'Enter your voicemail PIN',
          fontFace: FONT.face,
          fontSize: FONT.title,
          fontStyle: 'bold',
          textColor: COLOR.text,
        },
      },
      Subtitle: {
        x: 48,
        y: 96,
        text: {
          text: '',
          fontFace: FONT.face,
          fontSize: FONT.body,
          textColor: COLOR.textDim,
          wordWrapWidth: W - 96,
          maxLines: 1,
          textOverflow: 'ellipsis',
        },
      },
      Digits: {
        x: 48,
        y: 160,
        text: { text: '', fontFace: FONT.face, fontSize: 56, textColor: COLOR.text, letterSpacing: 12 },
      },
      Error: {
        x: 48,
        y: 246,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.error },
      },
      Keypad: {
        x: 48,
        y: 310,
        children: KEYPAD.map((label, i) => ({
          type: Button,
          x: (i % KEYPAD_COLUMNS) * 224,
          y: Math.floor(i / KEYPAD_COLUMNS) * 96,
          w: 208,
          h: 80,
          label,
        })),
      },
    };
  }

  bindFlow(flow: ListenFlow): void {
    this.flow = flow;
  }

  /** Renders the flow's PIN step; hides for any other. */
  renderState(state: ListenState): void {
    if (state.step !== 'pin') {
      this.patch({ visible: false });
      return;
    }
    this.patch({ visible: true });
    this.tag('Title').text.text =
      state.intent === 'delete' ? 'Enter your PIN to delete' : 'Enter your voicemail PIN';
    this.tag('Subtitle').text.text = alertTitle(state.message);
    this.tag('Error').text.text = state.busy ? 'Checking…' : (state.error ?? '');
    const dots = '•'.repeat(state.length);
    const echoing = this.echo && this.echo.until > Date.now() && state.length > 0;
    this.tag('Digits').text.text = (echoing ? dots.slice(0, -1) + this.echo!.digit : dots) || ' ';
  }

  override _getFocused(): Lightning.Component {
    return this.tag('Keypad').children[this.focusIndex] as Lightning.Component;
  }

  /** Digit keys arrive by logical name (`Digit7`), through the same `key` field Lightning's events have. */
  override _handleKey(event: KeyboardEvent): boolean {
    const match = /^Digit(\d)$/.exec(event.key);
    if (!match) return false;
    this.typeDigit(match[1]!);
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

  override _detach(): void {
    clearTimeout(this.echoTimer);
  }

  private typeDigit(digit: string): void {
    const before = this.flow?.state;
    if (before?.step !== 'pin' || before.length >= PIN_MAX) return;
    this.echo = { digit, until: Date.now() + ECHO_MS };
    this.flow?.typeDigit(Number(digit));
    clearTimeout(this.echoTimer);
    this.echoTimer = setTimeout(() => this.flow && this.renderState(this.flow.state), ECHO_MS + 20);
  }

  /** Three keys to a row; Left and Right stay within it, and nothing wraps. */
  private move(arrow: Arrow): void {
    const at = { row: Math.floor(this.focusIndex / KEYPAD_COLUMNS), col: this.focusIndex % KEYPAD_COLUMNS };
    const next = moveInGrid(rowsOf(KEYPAD.length, KEYPAD_COLUMNS), at, arrow);
    if (!next) return;
    this.focusIndex = next.row * KEYPAD_COLUMNS + next.col;
    this._refocus();
  }
}
