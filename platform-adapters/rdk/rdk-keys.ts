import type { KeyName } from '../contract/index.ts';
import { DIGIT_CODES, NAVIGATION_CODES } from '../shared/w3c-keys.ts';

/**
 * RDK key tables (PLATFORMS.md §1.1–1.2). The JavaScript codes come from the operator's RDKShell keymap, and
 * Firebolt's remote specification and RDKShell's built-in defaults disagree (227 is Rewind in one and PlayPause in
 * the other; the colours are shuffled), so the adapter takes a table per operator rather than constants.
 */
export type RdkKeyTable = Readonly<Record<number, KeyName>>;

/** Firebolt's remote specification, with the Lightning SDK's extra defaults (stop, channel). */
export const FIREBOLT_KEYS: RdkKeyTable = {
  ...NAVIGATION_CODES,
  ...DIGIT_CODES,
  8: 'Back',
  179: 'PlayPause',
  250: 'PlayPause',
  178: 'Stop',
  228: 'FastForward',
  227: 'Rewind',
  33: 'ChannelUp',
  34: 'ChannelDown',
  175: 'ChannelUp',
  174: 'ChannelDown',
  403: 'Red',
  404: 'Green',
  405: 'Yellow',
  406: 'Blue',
};

/** RDKShell's compositor defaults (rdkcentral/RDKShell linuxkeys.h), for operators that kept them. */
export const RDKSHELL_KEYS: RdkKeyTable = {
  ...NAVIGATION_CODES,
  ...DIGIT_CODES,
  8: 'Back',
  226: 'Play',
  227: 'PlayPause',
  223: 'FastForward',
  224: 'Rewind',
  403: 'Yellow',
  404: 'Blue',
  405: 'Red',
  406: 'Green',
};

export const RDK_KEY_TABLES = { firebolt: FIREBOLT_KEYS, rdkshell: RDKSHELL_KEYS } as const;
