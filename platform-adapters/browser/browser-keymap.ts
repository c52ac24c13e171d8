import type { KeyName } from '../contract/index.ts';
import { W3C_KEYS } from '../shared/w3c-keys.ts';

/**
 * Desktop keyboard and W3C `KeyboardEvent.key` values → logical keys. The emulator's on-screen remote sends the
 * W3C media and colour values (`MediaPlay`, `ColorF0Red`…), and the keyboard gets the TOAST browser proxy's
 * choices: Escape/Backspace for Back, F1–F4 for the colours (PLATFORMS.md §5).
 */
export const BROWSER_KEYMAP: Readonly<Record<string, KeyName>> = {
  ...W3C_KEYS,
  Escape: 'Back',
  Backspace: 'Back',
  ' ': 'PlayPause',
  F1: 'Red',
  F2: 'Green',
  F3: 'Yellow',
  F4: 'Blue',
  PageUp: 'ChannelUp',
  PageDown: 'ChannelDown',
  i: 'Info',
};
