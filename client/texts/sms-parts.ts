/**
 * How many SMS a text takes, by the rules of 3GPP TS 23.038 (GSM 03.38) and TS 23.040:
 * - A text whose every character is in the GSM 7-bit default alphabet (§6.2.1) is sent in 7-bit septets; a character
 *   of the default alphabet extension table (§6.2.1.1) takes two (ESC and the character).
 * - Any other character makes the whole text UCS-2 (§6.2.3): one 16-bit unit per UTF-16 code unit.
 * - One SMS carries 140 octets: 160 septets or 70 UCS-2 units. A concatenated SMS spends 6 octets of each part on its
 *   user-data header (TS 23.040 §9.2.3.24.1), leaving 153 septets or 67 units per part. An escape pair and a
 *   surrogate pair are never split between parts, as phones do, so a part may carry one less.
 */

/** The default alphabet, in table order (0x00–0x7F); 0x1B is the escape to the extension table, not a character. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table's characters (form feed, ^ { } \ [ ~ ] | €): two septets each. */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set([...GSM7_BASIC].filter((ch) => ch !== '\u001b'));
const EXTENSION = new Set([...GSM7_EXTENSION]);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or 16-bit units (UCS-2) the text takes. */
  units: number;
  /** How many SMS it goes as (0 for an empty text). */
  parts: number;
  /** What one SMS carries in this encoding: 160 or 70. */
  single: number;
  /** What each part of a longer text carries: 153 or 67. */
  perPart: number;
}

const LIMITS = {
  gsm7: { single: 160, perPart: 153 },
  ucs2: { single: 70, perPart: 67 },
} as const;

/** The encoding, size and number of parts of `text`. */
export function countSms(text: string): SmsCount {
  const chars = [...text];
  const encoding: SmsEncoding = chars.every((ch) => BASIC.has(ch) || EXTENSION.has(ch)) ? 'gsm7' : 'ucs2';
  // Each character's size in units: what cannot be split between parts.
  const sizes = chars.map((ch) => (encoding === 'gsm7' ? (EXTENSION.has(ch) ? 2 : 1) : ch.length));
  const units = sizes.reduce((sum, n) => sum + n, 0);
  const { single, perPart } = LIMITS[encoding];
  let parts = 0;
  if (units > 0 && units <= single) parts = 1;
  else if (units > single) {
    let room = 0;
    for (const size of sizes) {
      if (size > room) {
        parts++;
        room = perPart;
      }
      room -= size;
    }
  }
  return { encoding, units, parts, single, perPart };
}

/** "12 / 160 · 1 SMS", "170 characters · 2 SMS (153 each)"; UCS-2 texts say so, as they hold fewer. */
export function smsCountText(text: string): string {
  const count = countSms(text);
  const special = count.encoding === 'ucs2' ? ' (special characters)' : '';
  if (count.parts <= 1) return `${count.units} / ${count.single}${special} · 1 SMS`;
  return `${count.units} characters${special} · ${count.parts} SMS (${count.perPart} each)`;
}
