import { ErrorCode } from '../../protocol/index.ts';

/** Refusals that say nothing about the message: the backend or the carrier could not serve it just now. */
const TRANSIENT: ReadonlySet<string> = new Set([
  ErrorCode.TranscoderUnavailable,
  ErrorCode.CarrierUnavailable,
]);

/** Whether a failure is the backend's or the carrier's of the moment, worth trying again, not the message's. */
export function isTransientFailure(failure: string | null): boolean {
  return failure !== null && TRANSIENT.has(failure);
}

/**
 * What the TV's player and the phone page say when a message does not play, from the server's reason
 * (`truncated`, `corrupt`, `unsupported`) or error code: a broken message is named as such, with its reason for
 * support; a backend that cannot serve it right now must not sound like a broken message, so the viewer knows to
 * try again.
 */
export function playbackFailureText(failure: string | null): string {
  if (isTransientFailure(failure)) return "This message can't be played right now — try again in a minute";
  return `This message can't be played${failure ? ` (${failure})` : ''}`;
}
