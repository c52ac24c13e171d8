import type { KeyName } from '../contract/index.ts';
import { DIGIT_CODES, NAVIGATION_CODES } from '../shared/w3c-keys.ts';

/**
 * Samsung Tizen TV key codes (PLATFORMS.md §1.1; Samsung's TVInputDevice API and reference app). `event.key` is not
 * reliable there (`XF86Back`, `XF86Red`…), so the adapter dispatches on `keyCode`.
 */
export const TIZEN_KEY_CODES: Readonly<Record<number, KeyName>> = {
  ...NAVIGATION_CODES,
  ...DIGIT_CODES,
  10009: 'Back',
  415: 'Play',
  19: 'Pause',
  10252: 'PlayPause',
  413: 'Stop',
  417: 'FastForward',
  412: 'Rewind',
  427: 'ChannelUp',
  428: 'ChannelDown',
  403: 'Red',
  404: 'Green',
  405: 'Yellow',
  406: 'Blue',
  457: 'Info',
};

/**
 * The keys the app registers with `tizen.tvinputdevice` (only arrows, OK and Back arrive unregistered). Exit is
 * never registered: long-pressing Return force-closes the app, as Samsung intends.
 */
export const TIZEN_REGISTERED_KEYS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  'MediaPlay',
  'MediaPause',
  'MediaPlayPause',
  'MediaStop',
  'MediaFastForward',
  'MediaRewind',
  'ColorF0Red',
  'ColorF1Green',
  'ColorF2Yellow',
  'ColorF3Blue',
  'ChannelUp',
  'ChannelDown',
  'Info',
] as const;
