import { TEXT_LIMITS, type EventData, type SmsScope } from '../../protocol/index.ts';

// What the phone's SMS proxy (sms-proxy.ts) keeps and shows: the devices it lets text, their requests, the texts,
// and the state it saves across reloads, with the pure steps that change that state.

/** A device on this phone's master list, and what it may use. */
export interface GrantedDevice {
  profileId: string;
  name: string;
  scopes: SmsScope[];
}

/** A device asking to use this phone's texting. */
export interface SmsPermissionRequest {
  profileId: string;
  name: string;
}

/** A text the phone was asked to send to a number nobody in the household has heard from: it waits for a yes. */
export type PendingConfirmation = EventData<'sms.send-request'>;

/** A text on this phone: one it sent for another device, or one it received. */
export interface PhoneText {
  id: string;
  direction: 'out' | 'in';
  /** The other end's number. */
  number: string;
  text: string;
  /** Outgoing: the device it was sent for ("Living-room TV"). */
  via: string | null;
  status: 'waiting' | 'sent' | 'delivered' | 'failed' | 'unauthorized' | 'received';
  reason: string | null;
  at: string;
}

/** What the proxy keeps across reloads, per phone. */
export interface ProxyState {
  authorized: GrantedDevice[];
  /** Numbers that wrote to or were confirmed by this phone: the TV may text them without asking. */
  correspondents: string[];
  /** When each text went out, for the limits (a day's worth). */
  sentAt: number[];
  /** The SMS network feed's last sequence handled. */
  feedAfter: number;
  /** Send requests already dealt with (a replayed push must not send twice), and where each went. */
  handled: Record<string, { smsId?: string; status: PhoneText['status'] | 'confirming' }>;
  pending: PendingConfirmation[];
  texts: PhoneText[];
}

const HOUR_MS = 3_600_000;
const KEEP_TEXTS = 200;
const KEEP_HANDLED = 500;

/** Where a phone page keeps its proxy's state (localStorage: the page stands in for a phone's own storage). */
export function proxyStateKey(deviceId: string): string {
  return `couchline.phone.sms-proxy.${deviceId}`;
}

/** What this phone's proxy saved last time, or an empty state (nothing saved yet, or unreadable). */
export function loadProxyState(storage: Storage, key: string): ProxyState {
  const empty: ProxyState = {
    authorized: [],
    correspondents: [],
    sentAt: [],
    feedAfter: 0,
    handled: {},
    pending: [],
    texts: [],
  };
  try {
    const saved = JSON.parse(storage.getItem(key) ?? 'null') as Partial<ProxyState> | null;
    return { ...empty, ...saved };
  } catch {
    return empty;
  }
}

/** Records what became of a request; the oldest records beyond what a replay could still bring are dropped. */
export function withHandled(
  state: ProxyState,
  textId: string,
  entry: ProxyState['handled'][string],
): ProxyState {
  const handled = { ...state.handled, [textId]: entry };
  const ids = Object.keys(handled);
  for (const old of ids.slice(0, Math.max(0, ids.length - KEEP_HANDLED))) delete handled[old];
  return { ...state, handled };
}

/** Puts a text (new, or a newer status of one listed) first in the list, which keeps the latest 200. */
export function withText(state: ProxyState, text: PhoneText): ProxyState {
  const rest = state.texts.filter((t) => t.id !== text.id);
  return { ...state, texts: [text, ...rest].slice(0, KEEP_TEXTS) };
}

/** Counts a text sent now toward the limits, which look back a day at most. */
export function withSent(state: ProxyState, now: number): ProxyState {
  return { ...state, sentAt: [...state.sentAt.filter((t) => t > now - 24 * HOUR_MS), now] };
}

/** Which limit a further text would break, in words, or null. */
export function overLimit(state: ProxyState, now: number): string | null {
  const today = state.sentAt.filter((t) => t > now - 24 * HOUR_MS);
  if (today.filter((t) => t > now - HOUR_MS).length >= TEXT_LIMITS.perHour) {
    return `${TEXT_LIMITS.perHour} texts an hour`;
  }
  return today.length >= TEXT_LIMITS.perDay ? `${TEXT_LIMITS.perDay} texts a day` : null;
}

/** An outgoing text as the phone lists it. */
export function outgoing(
  request: PendingConfirmation,
  status: PhoneText['status'],
  reason: string | null,
  now: number,
): PhoneText {
  return {
    id: request.textId,
    direction: 'out',
    number: request.recipient,
    text: request.payload,
    via: request.fromName,
    status,
    reason,
    at: new Date(now).toISOString(),
  };
}

export function addOnce(list: string[], value: string): string[] {
  return list.includes(value) ? list : [...list, value];
}
