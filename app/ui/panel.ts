import Lightning from './lightning.ts';
import { COLOR, FONT } from './theme.ts';

/** The rounded, dark panel every dialog and overlay sits on. */
export function panel(w: number, h: number) {
  return {
    w,
    h,
    rect: true,
    color: COLOR.panel,
    shader: { type: Lightning.shaders.RoundedRectangle, radius: 18 },
  };
}

/** A dialog's one-line bold title, cut with an ellipsis at `width`. */
export function titleText(width: number) {
  return {
    text: '',
    fontFace: FONT.face,
    fontSize: FONT.title,
    fontStyle: 'bold',
    textColor: COLOR.text,
    wordWrapWidth: width,
    maxLines: 1,
    textOverflow: 'ellipsis',
  };
}
