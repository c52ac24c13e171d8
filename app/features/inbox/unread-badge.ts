import Lightning from '../../ui/lightning.ts';
import { COLOR, FONT, SAFE } from '../../ui/theme.ts';
import { unreadText } from '../../../client/wording.ts';

const H = 64;
const PAD = 24;

/**
 * "✉ 3 new" at the picture's top left, on a backing box: how many voicemails are new, resting there while nothing
 * else is open. It never takes the focus (Info opens the inbox). The scene says when it may show ({@link setShown}).
 */
export class UnreadBadge extends Lightning.Component {
  private count = 0;
  private allowed = true;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: SAFE.x,
      y: SAFE.y,
      h: H,
      visible: false,
      Box: {
        h: H,
        rect: true,
        color: COLOR.captionBox,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 },
      },
      Label: {
        x: PAD,
        y: 14,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.text },
      },
    };
  }

  /** How many messages are new now. */
  setCount(count: number): void {
    if (count === this.count) return;
    this.count = count;
    const label = this.tag('Label');
    if (count > 0) {
      label.text.text = unreadText(count);
      label.loadTexture();
      const w = (label.renderWidth as number) + 2 * PAD;
      this.patch({ w, Box: { w } });
    }
    this.update();
  }

  /** Whether the picture is bare (no layer open): the badge rests only there. */
  setShown(allowed: boolean): void {
    this.allowed = allowed;
    this.update();
  }

  private update(): void {
    this.patch({ visible: this.allowed && this.count > 0 });
  }
}
