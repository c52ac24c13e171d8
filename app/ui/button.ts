import Lightning from './lightning.ts';
import { COLOR, FONT } from './theme.ts';

/**
 * A focusable button: white with dark text when focused, so focus reads from across the room. It does not handle
 * OK itself: the screen that holds it knows which button is focused and what OK means there.
 */
export class Button extends Lightning.Component {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: 220,
      h: 72,
      rect: true,
      color: COLOR.button,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
      Label: {
        x: 110,
        y: 38,
        mount: 0.5,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.text },
      },
    };
  }

  set label(value: string) {
    this.tag('Label').text.text = value;
  }

  /** A coloured bar under the label: the remote's colour key that does the same. Set after `w`. */
  set hint(color: number) {
    this.patch({ Hint: { x: 16, y: this.h - 10, w: this.w - 32, h: 5, rect: true, color } });
  }

  override _init(): void {
    // Centre the label on whatever width the button was given.
    this.tag('Label').patch({ x: this.w / 2 });
  }

  override _focus(): void {
    this.patch({ color: COLOR.buttonFocused, Label: { color: COLOR.buttonTextFocused } });
  }

  override _unfocus(): void {
    this.patch({ color: COLOR.button, Label: { color: COLOR.text } });
  }
}
