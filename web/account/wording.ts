import type { ContentType, ErrorDetails, PrivacyLevel } from '../../protocol/index.ts';
import { ErrorCode } from '../../protocol/index.ts';
import type { AccountApiError } from './account-api.ts';

/** The setup page's words for the protocol's codes, in one place. */

export const CONTENT_LABELS: Record<ContentType, string> = {
  voicemail: 'Voicemail',
  callerid: 'Caller ID',
  sms: 'Texts',
};

export const PRIVACY_LABELS: Record<PrivacyLevel, string> = {
  'name-and-number': 'Name and number',
  'number-only': 'Number only',
  private: 'Just “New voicemail”',
};

/** ISO weekdays, 1 = Monday. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const CARRIERS = { wireless: 'XYZ Wireless', cable: 'FXT Digital TV' } as const;

/** The policy engine's reason codes, as the delivery log says them. */
const REASONS: Record<string, string> = {
  'no-relationship': 'no rule sends this here',
  'relationship-stopped': 'the rule is stopped',
  'content-type-off': 'this kind of content is not chosen for this TV',
  'callerid-off': 'caller ID on TV is off',
  'caller-blocked': 'the caller is blocked',
  'caller-not-allowed': 'the caller is not on the allow list',
  'suspended-dates': 'suspended for these dates',
  'outside-window': 'outside the rule’s times',
  'suspended-programme': 'suspended during a programme',
  'quiet-for-programme': 'quiet for the programme on screen',
  'after-quiet': 'after the quiet programme ended, in one summary',
  'not-on-master-list': 'the phone does not share its texts with this device',
  background: 'the app was in the background',
  'already-shown': 'it had been shown already',
  user: 'by the viewer',
  timeout: 'its time on screen ran out',
  withdrawn: 'dealt with on another device',
};

const ACTIONS: Record<string, string> = {
  listen: 'listened',
  later: 'kept for later',
  delete: 'deleted',
  quiet: 'asked for quiet',
  reply: 'replied by text',
};

export function actionText(action: string): string {
  return ACTIONS[action] ?? action;
}

export function reasonText(code: string): string {
  return REASONS[code] ?? code;
}

export const OUTCOMES: Record<string, string> = {
  deliver: 'Sent',
  defer: 'Held',
  suppress: 'Not sent',
  delivered: 'Reached the device',
  displayed: 'Shown',
  dismissed: 'Dismissed',
  acted: 'Acted on',
  'not-displayed': 'Not shown',
};

/** An error as the person at the form should read it. */
export function errorText(error: AccountApiError): string {
  const details: ErrorDetails = error.details;
  switch (error.code) {
    case ErrorCode.LoginFailed:
      return details.attemptsLeft !== undefined
        ? `Wrong user name or password — ${details.attemptsLeft} ${details.attemptsLeft === 1 ? 'try' : 'tries'} left`
        : 'Wrong user name or password';
    case ErrorCode.LoginLocked:
      return `Too many wrong passwords — try again in ${Math.ceil((details.retryAfterSec ?? 60) / 60)} minutes`;
    case ErrorCode.AccountSessionInvalid:
      return 'Your session has expired — log in again';
    default:
      return capitalise(stripPath(error.message));
  }
}

/** valibot's messages come as "config.timeZone: an unknown time zone"; the field shows where, so drop the path. */
function stripPath(message: string): string {
  const first = message.split('; ')[0]!;
  return first.replace(/^[\w.]+: /, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
