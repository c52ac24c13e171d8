import Lightning from './lightning.ts';
import { COLOR, FONT } from './theme.ts';

/** What one row of a TV list says: a first line (bold when it is news) and a dimmer second line. */
export interface ListRowContent {
  top: string;
  bottom: string;
  bold?: boolean;
  /** The second line in the error colour (a text that failed). */
  alert?: boolean;
}

/**
 * One row of a list on the TV (the voicemail inbox, the texts): white with dark text when focused, so the choice
 * reads from across the room; each line cut with an ellipsis at the row's width.
 */
export function listRow(row: ListRowContent, at: { y: number; w: number; h: number; focused: boolean }) {
  const line = (text: string, y: number, size: number, color: number, bold = false) => ({
    x: 24,
    y,
    text: {
      text,
      fontFace: FONT.face,
      fontSize: size,
      fontStyle: bold ? 'bold' : 'normal',
      textColor: at.focused ? COLOR.buttonTextFocused : color,
      wordWrapWidth: at.w - 56,
      maxLines: 1,
      textOverflow: 'ellipsis',
    },
  });
  return {
    y: at.y,
    w: at.w,
    h: at.h,
    rect: true,
    color: at.focused ? COLOR.buttonFocused : 0x00000000,
    shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
    Top: line(row.top, 14, FONT.title, COLOR.text, row.bold),
    Bottom: line(row.bottom, 62, FONT.body, row.alert ? COLOR.error : COLOR.textDim),
  };
}
