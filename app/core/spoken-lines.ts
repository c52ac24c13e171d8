import { formatPhoneNumber } from '../../protocol/index.ts';
import { isTransientFailure } from '../../client/voicemail/playback-failure-text.ts';
import type { PlayerState } from '../../media/audio-player.ts';
import { AppErrorCode } from '../../client/errors.ts';
import type { VoicemailAlert } from '../features/voicemail/voicemail-alert.ts';

/**
 * What voice guidance says, in words a viewer hears once: short, the caller first, then what the remote does.
 * Every caller's name and number is plain text in the line (the platform speaks it as text, never as markup).
 */

/**
 * "Voice mail from Jane, 505-555-1313, for Mary. OK to listen, Back to dismiss" (the alert's first button is
 * Listen; whose mailbox matters on a shared TV).
 */
export function alertLine(
  alert: Pick<VoicemailAlert, 'callerName' | 'callerNumber' | 'mailboxOwner'>,
): string {
  const who = [alert.callerName.trim(), alert.callerNumber ? formatPhoneNumber(alert.callerNumber) : '']
    .filter(Boolean)
    .join(', ');
  const what = who ? `Voice mail from ${who}` : 'New voice mail';
  const owner = alert.mailboxOwner ? `, for ${alert.mailboxOwner}` : '';
  return `${what}${owner}. OK to listen, Back to dismiss`;
}

/**
 * The player's state in one word or two; null for the states a viewer does not need told (idle, loading). A
 * failure says whether trying again may help (`failure`: the server's reason or code, as the screen has it).
 */
export function playerLine(state: PlayerState, failure: string | null = null): string | null {
  switch (state) {
    case 'playing':
      return 'Playing';
    case 'paused':
      return 'Paused';
    case 'stopped':
      return 'Stopped';
    case 'ended':
      return 'End of message';
    case 'error':
      return isTransientFailure(failure)
        ? "The message can't be played right now. Try again in a minute"
        : 'The message could not be played';
    default:
      return null;
  }
}

/**
 * What the viewer is told of an app error, by its code: only what changes what they see or can do. Internal
 * failures (a listener's bug, a malformed frame) are the logs' business, not the living room's.
 */
const ERROR_LINES: Partial<Record<AppErrorCode, string>> = {
  [AppErrorCode.PushRevoked]: 'This TV was removed from the household. It will show a code to join again',
  [AppErrorCode.PushAuthFailed]: 'This TV is not paired. It will show a code to join',
  [AppErrorCode.PushReplaced]: 'Couchline is open on another screen',
  [AppErrorCode.EnrollFailed]: 'Couchline cannot reach its service. It keeps trying',
  [AppErrorCode.StorageFailed]: 'Couchline could not save on this TV',
};

export function errorLine(code: AppErrorCode): string | null {
  return ERROR_LINES[code] ?? null;
}
