import * as v from 'valibot';

/**
 * Phone numbers travel as digits only ("5055551313") and are formatted for people at the edge.
 * Input may carry the usual separators: "505-555-1313", "(505) 555 1313", "+1 505 555 1313".
 */
export const PhoneNumber = v.pipe(
  v.string(),
  v.maxLength(32, 'a phone number is at most 32 characters'),
  v.transform((raw) => raw.replace(/[\s().+-]/g, '')),
  v.regex(/^\d{7,15}$/, 'a phone number has 7 to 15 digits'),
  // A leading NANP country code is dropped so that "+1 505 555 1212" and "505-555-1212" are one number.
  v.transform((digits) => (digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits)),
);

/**
 * "5055551313" → "505-555-1313"; numbers that are not 10 digits are shown as they are.
 *
 * @example
 * ```ts
 * formatPhoneNumber('5055551313'); // '505-555-1313'
 * ```
 */
export function formatPhoneNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` : digits;
}
