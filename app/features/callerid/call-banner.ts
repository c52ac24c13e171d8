import Lightning from '../../ui/lightning.ts';
import { panel, titleText } from '../../ui/panel.ts';
import { COLOR, SAFE, STAGE } from '../../ui/theme.ts';
import { callText, type IncomingCall } from './incoming-call.ts';

const W = 900;
const H = 96;

/**
 * "Jane 505-555-1313 is calling Mary" across the top of the picture, inside the title-safe area, for as long as
 * the line rings. It takes no keys: the viewer answers on the phone, and the remote keeps doing what it did.
 */
export class CallBanner extends Lightning.Component {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: (STAGE.w - W) / 2,
      y: SAFE.y,
      w: W,
      h: H,
      visible: false,
      Panel: panel(W, H),
      Accent: { x: 0, y: 20, w: 8, h: H - 40, rect: true, color: COLOR.green },
      Label: { x: 40, y: 28, text: titleText(W - 80) },
    };
  }

  set call(call: IncomingCall | null) {
    if (call) {
      this.tag('Label').text.text = callText(call);
      this.patch({ visible: true });
    } else {
      this.patch({ visible: false });
    }
  }
}
