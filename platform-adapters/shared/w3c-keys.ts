import type { KeyName } from '../contract/index.ts';

/**
 * W3C `KeyboardEvent.key` values (w3c/uievents-key) → logical keys: what every engine should send, and each
 * platform's fallback when a key code is not in its table.
 */
export const W3C_KEYS: Readonly<Record<string, KeyName>> = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Enter: 'Enter',
  BrowserBack: 'Back',
  GoBack: 'Back',
  '0': 'Digit0',
  '1': 'Digit1',
  '2': 'Digit2',
  '3': 'Digit3',
  '4': 'Digit4',
  '5': 'Digit5',
  '6': 'Digit6',
  '7': 'Digit7',
  '8': 'Digit8',
  '9': 'Digit9',
  MediaPlay: 'Play',
  MediaPause: 'Pause',
  MediaPlayPause: 'PlayPause',
  MediaStop: 'Stop',
  MediaFastForward: 'FastForward',
  MediaRewind: 'Rewind',
  ColorF0Red: 'Red',
  ColorF1Green: 'Green',
  ColorF2Yellow: 'Yellow',
  ColorF3Blue: 'Blue',
  ChannelUp: 'ChannelUp',
  ChannelDown: 'ChannelDown',
  Info: 'Info',
};

/** The digit keys' codes (48–57), the same on every platform that has them. */
export const DIGIT_CODES: Readonly<Record<number, KeyName>> = Object.fromEntries(
  Array.from({ length: 10 }, (_, d) => [48 + d, `Digit${d}` as KeyName]),
);

/** Arrows and OK: 37–40 and 13 everywhere. */
export const NAVIGATION_CODES: Readonly<Record<number, KeyName>> = {
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  13: 'Enter',
};
