import { TvComponent } from '../shell/component.ts';
import type Lightning from './lightning.ts';
import type { Button } from './button.ts';
import { ButtonRow } from './button-row.ts';
import { COLOR, SAFE } from './theme.ts';
import { bodyText, panel, titleText } from './panel.ts';

const W = 760;
const H = 380;
const HINT = '◀ ▶ choose · OK answers · Back cancels';

/**
 * "Delete the message from Jane?" with Delete and Cancel (or another yes: "Leave Couchline?"); Cancel is focused
 * each time it opens. Fires `$confirm(yes)`.
 */
export class ConfirmDialog extends TvComponent {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x - W,
      y: 1080 - SAFE.y - H,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Question: {
        x: 48,
        y: 40,
        text: titleText(W - 96),
      },
      // Two lines at most, above the buttons.
      Note: { x: 48, y: 96, text: bodyText(W - 96, { maxLines: 2, color: COLOR.error }) },
      Buttons: {
        x: 48,
        y: 200,
        type: ButtonRow,
        spacing: 24,
        buttons: [
          { action: 'delete', label: 'Delete', w: 240, hint: COLOR.red },
          { action: 'cancel', label: 'Cancel', w: 240 },
        ],
      },
      Hint: { x: 48, y: 296, text: { ...bodyText(W - 96), text: HINT } },
    };
  }

  /** Shows a question (null hides the dialog); `yes` labels the first button ("Delete", "Leave"). */
  show(question: string | null, note: string | null = null, yes = 'Delete'): void {
    const opening = question !== null && !this.visible;
    this.patch({ visible: question !== null });
    if (question === null) return;
    this.tag('Question').text.text = question;
    this.tag('Note').text.text = note ?? '';
    (this.tag('Buttons').children[0] as Button).label = yes;
    // Cancel first, every time it opens: a stray OK keeps the message (and the TV).
    if (opening) this.buttons.select('cancel');
  }

  override _getFocused(): Lightning.Component {
    return this.buttons;
  }

  private get buttons(): ButtonRow {
    return this.tagOf('Buttons', ButtonRow);
  }

  $rowPressed(action: string): void {
    this.answer(action === 'delete');
  }

  _handleRed(): void {
    this.answer(true);
  }

  override _handleBack(): void {
    this.answer(false);
  }

  private answer(yes: boolean): void {
    this.fireUp('$confirm', yes);
  }
}
