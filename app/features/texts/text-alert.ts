import { TvComponent } from '../../shell/component.ts';
import type Lightning from '../../ui/lightning.ts';
import { ButtonRow } from '../../ui/button-row.ts';
import { AlertCountdown, alertFrame } from '../../ui/alert-frame.ts';
import { COLOR } from '../../ui/theme.ts';

export type TextAlertAction = 'reply' | 'view' | 'dismiss';

const ACTIONS = [
  { action: 'reply', label: 'Reply', color: COLOR.green },
  { action: 'view', label: 'View', color: COLOR.yellow },
  { action: 'dismiss', label: 'Dismiss', color: COLOR.blue },
] as const;

/**
 * "Text from Jane: On my way" over the picture, in the frame and place every alert shares (bottom right, with the
 * seconds left before it leaves), with Reply, View (the conversation) and Dismiss — arrows and OK, or green, yellow
 * and blue. The words are drawn as text, whatever they contain. Fires `$textAlertAction(action)`.
 */
export class TextAlert extends TvComponent {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    // Two lines of title: a text's words run longer than a caller's name.
    return alertFrame(
      ACTIONS.map((a) => ({ action: a.action, label: a.label, w: 200, hint: a.color })),
      2,
    );
  }

  /** Shows a title until `leavesAt` (the countdown says how long), or hides the alert for null. Focus starts on Reply. */
  present(text: string | null, leavesAt: number | null = null): void {
    const countdown = this.tagOf('Countdown', AlertCountdown);
    if (text === null) {
      countdown.start(null);
      this.patch({ visible: false });
      return;
    }
    this.tag('Title').text.text = text;
    countdown.start(leavesAt);
    this.tagOf('Actions', ButtonRow).select('reply');
    this.patch({ visible: true });
  }

  get isOpen(): boolean {
    return this.visible;
  }

  override _getFocused(): Lightning.Component {
    return this.tagOf('Actions', ButtonRow);
  }

  $rowPressed(action: string): void {
    this.choose(action as TextAlertAction);
  }

  override _handleBack(): void {
    this.choose('dismiss');
  }

  _handleGreen(): void {
    this.choose('reply');
  }

  _handleYellow(): void {
    this.choose('view');
  }

  _handleBlue(): void {
    this.choose('dismiss');
  }

  private choose(action: TextAlertAction): void {
    this.fireUp('$textAlertAction', action);
  }
}
