/**
 * Reconnect delays: exponential with "equal jitter" — half the step is fixed, half random — so a thousand boxes
 * that lost the same gateway don't all come back in the same instant, yet none retries in a tight loop.
 *
 * @param attempt 0 for the first retry after a drop.
 * @param random a number in [0, 1): `Math.random` in the app, fixed values in tests.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
