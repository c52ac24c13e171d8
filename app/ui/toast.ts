import Lightning from './lightning.ts';
import { COLOR, FONT, SAFE } from './theme.ts';

/**
 * A one-line result ("Message from Jane deleted") at the bottom left, gone after a few seconds. Left, because the
 * panels (alerts, PIN pad, inbox, player) stand at the right: a result must not sit on the hint line of the panel
 * it speaks of.
 */
export class Toast extends Lightning.Component {
  private timer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: SAFE.x,
      y: 1080 - SAFE.y,
      mountY: 1,
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
