import Lightning from './lightning.ts';
import { COLOR, FONT, SAFE } from './theme.ts';

/** A one-line result ("Message from Jane deleted") at the bottom right, gone after a few seconds. */
export class Toast extends Lightning.Component {
  private timer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x,
      y: 1080 - SAFE.y,
      mount: 1,
      visible: false,
      Panel: {
        rect: true,
        color: COLOR.panel,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 },
      },
      Label: {
        x: 32,
        y: 22,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.text },
      },
    };
  }

  show(text: string, ms = 4000, onHidden?: () => void): void {
    const label = this.tag('Label');
    label.text.text = text;
    label.loadTexture();
    const width = (label.renderWidth as number) + 64;
    this.patch({ w: width, h: 80, visible: true, Panel: { w: width, h: 80 } });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.patch({ visible: false });
      onHidden?.();
    }, ms);
  }

  override _detach(): void {
    clearTimeout(this.timer);
  }
}
