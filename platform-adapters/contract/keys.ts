/**
 * Remote keys as logical names. Adapters map vendor key codes to these; app code never sees a key code
 * (PLATFORMS.md §1 has the per-platform tables).
 */
export const KEY_NAMES = [
  'Up',
  'Down',
  'Left',
  'Right',
  'Enter',
  'Back',
  'Digit0',
  'Digit1',
  'Digit2',
  'Digit3',
  'Digit4',
  'Digit5',
  'Digit6',
  'Digit7',
  'Digit8',
  'Digit9',
  'Play',
  'Pause',
  'PlayPause',
  'Stop',
  'FastForward',
  'Rewind',
  'Red',
  'Green',
  'Yellow',
  'Blue',
  'ChannelUp',
  'ChannelDown',
  'Info',
] as const;

export type KeyName = (typeof KEY_NAMES)[number];

export function isKeyName(value: string): value is KeyName {
  return (KEY_NAMES as readonly string[]).includes(value);
}
