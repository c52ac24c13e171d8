import Lightning from './lightning.ts';
import { COLOR, FONT, LINE_HEIGHT } from './theme.ts';

/** The rounded, dark panel every dialog and overlay sits on: opaque, so nothing beneath shows through. */
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

/**
 * Body text that wraps within `width` and stops at `maxLines` with an ellipsis, its lines a full line apart: a status
 * or error line that never runs out of its box or over the next one. Leave room for `maxLines` lines below it.
 */
export function bodyText(width: number, options: { maxLines?: number; color?: number } = {}) {
  return {
    text: '',
    fontFace: FONT.face,
    fontSize: FONT.body,
    lineHeight: LINE_HEIGHT.body,
    textColor: options.color ?? COLOR.textDim,
    wordWrapWidth: width,
    maxLines: options.maxLines ?? 1,
    textOverflow: 'ellipsis',
  };
}
