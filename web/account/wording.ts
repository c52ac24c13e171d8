import type {
  ContentType,
  DeviceKind,
  EnrollmentRequestView,
  ErrorDetails,
  HouseholdDevice,
  PrivacyLevel,
} from '../../protocol/index.ts';
import { ErrorCode, formatUserCode } from '../../protocol/index.ts';

/** A refusal as both pages' clients throw it: the server's stable code, its message and details. */
export interface CodedError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

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
export function errorText(error: CodedError): string {
  const details: ErrorDetails = error.details ?? {};
  switch (error.code) {
    case ErrorCode.LoginFailed:
      return details.attemptsLeft !== undefined
        ? `Wrong user name or password — ${details.attemptsLeft} ${details.attemptsLeft === 1 ? 'try' : 'tries'} left`
        : 'Wrong user name or password';
    case ErrorCode.LoginLocked:
      return `Too many wrong passwords — try again in ${minutes(details.retryAfterSec)}`;
    case ErrorCode.AccountSessionInvalid:
      return 'Your session has expired — log in again';
    default:
      return capitalise(stripPath(error.message));
  }
}

/** A code typed to approve a device, refused: what to do about it. */
export function enrollErrorText(error: CodedError, userCode: string): string {
  const details: ErrorDetails = error.details ?? {};
  const shown = formatUserCode(userCode);
  switch (error.code) {
    case ErrorCode.EnrollCodeUnknown: {
      const left =
        details.attemptsLeft !== undefined
          ? ` — ${details.attemptsLeft} ${details.attemptsLeft === 1 ? 'try' : 'tries'} left`
          : '';
      return `No TV or phone is waiting with the code ${shown}: check the code on its screen, or ask it for a new one (codes last 10 minutes)${left}`;
    }
    case ErrorCode.EnrollGuessLimited:
      return `Too many wrong codes — try again in ${minutes(details.retryAfterSec)}`;
    case ErrorCode.EnrollExpired:
      return `The code ${shown} has expired: ask the TV for a new one`;
    case ErrorCode.DeviceNotOwned:
      return 'That device is not one of this household’s: choose another, or a new screen';
    default:
      return errorText(error);
  }
}

const KIND_NAMES: Record<DeviceKind, string> = { stb: 'TV', phone: 'phone' };

/** "A Samsung Tizen TV (UE55TU7000)": what asks to join, in its own words (text, never markup). */
export function requestTitle(request: Pick<EnrollmentRequestView, 'kind' | 'platform' | 'model'>): string {
  const model = request.model.trim() ? ` (${request.model.trim()})` : '';
  return `${article(request.platform)} ${request.platform} ${KIND_NAMES[request.kind]}${model}`;
}

/** "An" before a vowel sound, as said aloud: "an Android phone", "an LG webOS TV", "a Samsung Tizen TV". */
function article(word: string): string {
  const spelledOut = /^[A-Z]{2}/.test(word);
  return (spelledOut ? /^[AEFHILMNORSX]/ : /^[aeiou]/i).test(word) ? 'An' : 'A';
}

/** "Samsung Tizen UE55TU7000 · app 1.4.0", or what is known of it. */
export function deviceDetails(device: HouseholdDevice): string {
  const kind = device.kind === 'stb' ? 'TV' : 'Phone';
  // A phone says its platform is "Phone": said once.
  const platform = device.platform?.toLowerCase() === kind.toLowerCase() ? null : device.platform;
  const made = [platform, device.model].filter((s): s is string => !!s?.trim()).join(' ');
  const version = device.appVersion ? `app ${device.appVersion}` : '';
  return [kind, made, version].filter(Boolean).join(' · ');
}

/** "just now", "1 minute ago", "5 minutes ago", "3 hours ago", "2 days ago"; later dates as dates. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return '';
  if (seconds < 45) return 'just now';
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  const mins = Math.round(seconds / 60);
  if (mins < 60) return plural(mins, 'minute');
  const hours = Math.round(mins / 60);
  if (hours < 24) return plural(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 14) return plural(days, 'day');
  return `on ${new Date(iso).toLocaleDateString()}`;
}

/** "in 9 minutes" until an ISO time ("less than a minute" near the end). */
export function timeLeft(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  return seconds < 60 ? 'less than a minute' : minutes(seconds);
}

/** "14 minutes" (rounded up; at least 1). */
function minutes(seconds = 60): string {
  const n = Math.max(1, Math.ceil(seconds / 60));
  return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
}

/** valibot's messages come as "config.timeZone: an unknown time zone"; the field shows where, so drop the path. */
function stripPath(message: string): string {
  const first = message.split('; ')[0]!;
  return first.replace(/^[\w.]+: /, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
