import Lightning from '../../ui/lightning.ts';
import { bodyText, panel, titleText } from '../../ui/panel.ts';
import { COLOR, FONT, LINE_HEIGHT, SAFE } from '../../ui/theme.ts';

const W = 1000;
const H = 1080 - 2 * SAFE.y;
/** The width inside the compose screen's padding: the message box, the rows of keys, the status and hint lines. */
export const INNER = W - 64;
const HINT = 'Arrows move · OK types or presses · 0–9 type · Back closes';

/**
 * What the compose screen draws before it is filled in: its panel on the right, the title, the message box with
 * the character and SMS-part count, the status line and the hint line. The keys (`Cells`) are laid out when it opens.
 */
export function composeTemplate(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
  return {
    x: 1920 - SAFE.x - W,
    y: SAFE.y,
    w: W,
    h: H,
    visible: false,
    Panel: panel(W, H),
    Title: { x: 32, y: 28, text: titleText(INNER) },
    Message: {
      x: 32,
      y: 164,
      w: INNER,
      h: 150,
      rect: true,
      color: 0xff0c121b,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
      Text: {
        x: 20,
        y: 14,
        text: {
          text: '',
          fontFace: FONT.face,
          fontSize: FONT.body,
          lineHeight: LINE_HEIGHT.body,
          textColor: COLOR.text,
          wordWrapWidth: INNER - 40,
          maxLines: 2,
          textOverflow: 'ellipsis',
        },
      },
      // Characters and SMS parts, as the phone will send it.
      Count: { x: 20, y: 100, text: bodyText(INNER - 40) },
    },
    Cells: {},
    Status: {
      x: 32,
      y: 826,
      text: {
        text: '',
        fontFace: FONT.face,
        fontSize: FONT.body,
        lineHeight: LINE_HEIGHT.body,
        textColor: COLOR.textDim,
        wordWrapWidth: INNER,
        maxLines: 2,
        textOverflow: 'ellipsis',
      },
    },
    Hint: { x: 32, y: 912, text: { ...bodyText(INNER), text: HINT } },
  };
}
