import type { KeyName } from '../contract/index.ts';
import { DIGIT_CODES, NAVIGATION_CODES } from '../shared/w3c-keys.ts';

/**
 * LG webOS TV key codes (PLATFORMS.md §1.1, LG's Magic Remote guide). Back is 461 and reaches the app only with
 * `disableBackHistoryAPI` in appinfo.json; the media keys exist on the conventional remote only.
 */
export const WEBOS_KEY_CODES: Readonly<Record<number, KeyName>> = {
  ...NAVIGATION_CODES,
  ...DIGIT_CODES,
  461: 'Back',
  415: 'Play',
  19: 'Pause',
  413: 'Stop',
  417: 'FastForward',
  412: 'Rewind',
  403: 'Red',
  404: 'Green',
  405: 'Yellow',
  406: 'Blue',
  33: 'ChannelUp',
  34: 'ChannelDown',
  457: 'Info',
};
