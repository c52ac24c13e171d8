import type { KeyName } from '../contract/index.ts';

/**
 * Desktop keyboard and W3C `KeyboardEvent.key` values → logical keys. The emulator's on-screen remote sends the
 * W3C media and colour values (`MediaPlay`, `ColorF0Red`…), and the keyboard gets the TOAST browser proxy's
 * choices: Escape/Backspace for Back, F1–F4 for the colours (PLATFORMS.md §5).
 */
export const BROWSER_KEYMAP: Readonly<Record<string, KeyName>> = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Enter: 'Enter',
  Escape: 'Back',
  Backspace: 'Back',
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
  ' ': 'PlayPause',
  MediaStop: 'Stop',
  MediaFastForward: 'FastForward',
  MediaRewind: 'Rewind',
  ColorF0Red: 'Red',
  ColorF1Green: 'Green',
  ColorF2Yellow: 'Yellow',
  ColorF3Blue: 'Blue',
  F1: 'Red',
  F2: 'Green',
  F3: 'Yellow',
  F4: 'Blue',
  ChannelUp: 'ChannelUp',
  ChannelDown: 'ChannelDown',
  PageUp: 'ChannelUp',
  PageDown: 'ChannelDown',
  Info: 'Info',
  i: 'Info',
};
