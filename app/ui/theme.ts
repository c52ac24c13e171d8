/**
 * The 10-foot design: a 1920×1080 stage, 5 % title-safe margins, no text under 28 px, and a focus state
 * visible from the sofa.
 */
export const STAGE = { w: 1920, h: 1080 } as const;
export const SAFE = { x: 96, y: 54 } as const;
export const FONT = { face: 'sans-serif', title: 36, body: 28 } as const;
/** Wrapped lines are this far apart, so they never run into each other (Lightning's default is the font size). */
export const LINE_HEIGHT = { body: 36, title: 46 } as const;
export const COLOR = {
  /** Opaque: a panel hides what is beneath it, so nothing shows through half-readable. */
  panel: 0xff121a26,
  accent: 0xff4fc3f7,
  text: 0xffffffff,
  textDim: 0xffb8c4d0,
  button: 0xff2a3646,
  buttonFocused: 0xffffffff,
  buttonTextFocused: 0xff121a26,
  error: 0xffff8a80,
  track: 0xff3a4658,
  /** Behind captions on the picture. */
  captionBox: 0xd9000000,
  red: 0xffe53935,
  green: 0xff43a047,
  yellow: 0xfffdd835,
  blue: 0xff1e88e5,
} as const;

/** Colour-key shortcuts, the same on every screen that offers them. */
export const COLOUR_KEYS = { Green: 'listen', Yellow: 'later', Red: 'delete', Blue: 'dismiss' } as const;
