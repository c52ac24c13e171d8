import Lightning from './lightning.ts';
import { COLOR, FONT } from './theme.ts';

/** A focusable button: white with dark text when focused, so focus reads from across the room. */
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

  override _focus(): void {
    this.patch({ color: COLOR.buttonFocused, Label: { color: COLOR.buttonTextFocused } });
  }

  override _unfocus(): void {
    this.patch({ color: COLOR.button, Label: { color: COLOR.text } });
  }

  override _handleEnter(): void {
    this.signal('pressed');
  }
}
