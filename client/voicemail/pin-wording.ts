import { ErrorCode } from '../../protocol/index.ts';
import type { ApiRequestError } from '../net/api-client.ts';

/**
 * What the TV and the phone page say when a PIN is refused: "Wrong PIN — 3 tries left", "Locked — try again in 14 minutes".
 * Nothing here repeats the PIN.
 */
export function pinErrorText(error: Pick<ApiRequestError, 'code' | 'details'>): string {
  switch (error.code) {
    case ErrorCode.PinWrong: {
      const left = error.details?.attemptsLeft;
      if (left === undefined) return 'Wrong PIN';
      return `Wrong PIN — ${left} ${left === 1 ? 'try' : 'tries'} left`;
    }
    case ErrorCode.PinLocked: {
      const minutes = Math.max(1, Math.ceil((error.details?.retryAfterSec ?? 60) / 60));
      if (minutes >= 120) return `Locked — try again in ${Math.ceil(minutes / 60)} hours`;
      return `Locked — try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
    }
    case ErrorCode.PinNotSet:
      return 'Choose a voicemail PIN on your phone first';
    case ErrorCode.CarrierUnavailable:
      return 'Voicemail is not answering — try again';
    default:
      return 'That did not work — try again';
  }
}
