import { TvComponent } from '../../shell/component.ts';
import type Lightning from '../../ui/lightning.ts';
import { ButtonRow } from '../../ui/button-row.ts';
import { panel } from '../../ui/panel.ts';
import { COLOR, FONT, LINE_HEIGHT, SAFE, STAGE } from '../../ui/theme.ts';

const W = 900;
const H = 230;

export type TextAlertAction = 'reply' | 'view' | 'dismiss';

const ACTIONS = [
  { action: 'reply', label: 'Reply', color: COLOR.green },
  { action: 'view', label: 'View', color: COLOR.yellow },
  { action: 'dismiss', label: 'Dismiss', color: COLOR.blue },
] as const;

/**
 * "Text from Jane: On my way" over the picture, bottom left (the voicemail alert has the bottom right), with Reply,
 * View (the conversation) and Dismiss — arrows and OK, or green, yellow and blue. The words are drawn as text,
 * whatever they contain. Fires `$textAlertAction(action)`.
 */
export class TextAlert extends TvComponent {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: SAFE.x,
      y: STAGE.h - SAFE.y - H,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Accent: { x: 0, y: 24, w: 8, h: H - 48, rect: true, color: COLOR.green },
      Title: {
        x: 40,
        y: 24,
        text: {
          text: '',
          fontFace: FONT.face,
          fontSize: FONT.title,
          lineHeight: LINE_HEIGHT.title,
          textColor: COLOR.text,
          wordWrapWidth: W - 80,
          maxLines: 2,
          textOverflow: 'ellipsis',
        },
      },
      Actions: {
        x: 40,
        y: 134,
        type: ButtonRow,
        buttons: ACTIONS.map((a) => ({ action: a.action, label: a.label, w: 200, hint: a.color })),
      },
    };
  }

  /** Shows a title, or hides the alert for null. Focus starts on Reply. */
  present(text: string | null): void {
    if (text === null) {
      this.patch({ visible: false });
      return;
    }
    this.tag('Title').text.text = text;
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
