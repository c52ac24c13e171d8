import Lightning from './lightning.ts';
import { COLOR } from './theme.ts';

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
