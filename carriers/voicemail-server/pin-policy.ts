/**
 * Which PINs a mailbox owner may choose: 4–10 digits, and none that a stranger would try first —
 * one digit repeated (0000), a run up or down (1234, 9876, 0123), a pair repeated (1212), or the end of the
 * mailbox's own phone number.
 *
 * @returns why the PIN is refused, or null when it is acceptable.
 */
export function pinProblem(pin: string, mailbox: string): string | null {
  if (!/^\d{4,10}$/.test(pin)) return 'a PIN is 4 to 10 digits';
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return 'a PIN of one repeated digit is too easy to guess';
  const steps = digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9))
    return 'a run of digits is too easy to guess';
  if (pin.length % 2 === 0 && pin === pin.slice(0, 2).repeat(pin.length / 2)) {
    return 'a repeated pair of digits is too easy to guess';
  }
  if (mailbox.endsWith(pin) || pin.endsWith(mailbox.slice(-4)))
    return 'a PIN may not be part of the phone number';
  return null;
}
