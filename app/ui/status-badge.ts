import Lightning from './lightning.ts';
import { COLOR, FONT, SAFE } from './theme.ts';

/** A small line in the top-right corner that appears only when something needs the viewer's attention. */
export class StatusBadge extends Lightning.Component {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: 1920 - SAFE.x,
      y: SAFE.y,
      mountX: 1,
      visible: false,
      Label: { text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim } },
    };
  }

  set message(text: string | null) {
    this.tag('Label').text.text = text ?? '';
    this.patch({ visible: Boolean(text) });
  }
}
