import { BehaviorSubject } from 'rxjs';
import type { EventData, EventFrame, UnlockResponse } from '../../protocol/index.ts';
import type { ApiClient } from '../../client/net/api-client.ts';
import type { InboxStore } from '../../client/inbox/inbox-store.ts';
import { callerLabel } from '../../client/wording.ts';
import type { ShownEvents } from '../../client/storage/shown-events.ts';
import type { ListenApi } from '../../client/voicemail/listen-flow.ts';

/** A "Voice mail from Jane" banner on the phone, until it is opened, dismissed, or acted on elsewhere. */
export type PhoneAlert = EventData<'voicemail.new'> & { eventId: string };

/**
 * A line of news about a message: "Message from Jane deleted on Living-room TV", when it last happened, and how
 * many times the same news came (identical lines are one line with a count, not a column of repeats).
 */
export interface PhoneNotice {
  id: number;
  text: string;
  /** When it last happened (ISO). */
  at: string;
  count: number;
}

/** How many notices stay listed; older ones scroll away. */
const NOTICES_KEPT = 5;

/**
 * The phone's voicemail: banners for new messages (each shown once, across reloads), the inbox (the client's
 * {@link InboxStore}, as on the TV, so both keep the same list by the same rules), the PIN-unlocked sessions, and the
 * actions — listen, mark heard, delete — with their results said in words, also when another device acted. Each
 * message row's `ListenFlow` (client/voicemail/listen-flow.ts) acts through it.
 */
export class PhoneVoicemail implements ListenApi {
  readonly alerts$ = new BehaviorSubject<PhoneAlert[]>([]);
  readonly notices$ = new BehaviorSubject<PhoneNotice[]>([]);
  private readonly api: ApiClient;
  private readonly inbox: InboxStore;
  private readonly shown: ShownEvents;
  private readonly deviceId: string;
  private readonly now: () => number;
  /** Unlocked messages: the session that lets this phone fetch the audio, mark it heard, or delete it. */
  private readonly sessions = new Map<string, UnlockResponse>();
  private noticeIds = 0;

  constructor(deps: {
    api: ApiClient;
    inbox: InboxStore;
    shown: ShownEvents;
    deviceId: string;
    now?: () => number;
  }) {
    this.api = deps.api;
    this.inbox = deps.inbox;
    this.shown = deps.shown;
    this.deviceId = deps.deviceId;
    this.now = deps.now ?? Date.now;
  }

  /** One push event: the banner or the news first (as on the TV, so the alert waits for no other write), then the inbox. */
  async handle(event: EventFrame): Promise<void> {
    if (event.name === 'voicemail.new') {
      if (await this.shown.markShown(event.id)) {
        this.alerts$.next([...this.alerts$.value, { ...event.data, eventId: event.id }]);
      }
      await this.inbox.apply(event);
      return;
    }
    if (event.name !== 'voicemail.updated') return;
    await this.inbox.apply(event);
    const { messageId, state, byDeviceId, byDeviceName } = event.data;
    if (state !== 'later') this.dismissAlert(messageId);
    if (state === 'deleted') this.sessions.delete(messageId);
    // This phone's own actions were already said when the server confirmed them.
    if (byDeviceId === this.deviceId || state === 'later') return;
    const where = byDeviceName ? ` on ${byDeviceName}` : ' on another device';
    const who = callerLabel(event.data);
    this.notify(
      state === 'deleted' ? `Message from ${who} deleted${where}` : `${who}'s message was played${where}`,
    );
  }

  /** Takes every banner away (the collapsed "3 new voicemails" row's Dismiss). */
  dismissAll(): void {
    if (this.alerts$.value.length > 0) this.alerts$.next([]);
  }

  dismissAlert(messageId: string): void {
    const alerts = this.alerts$.value;
    if (alerts.some((a) => a.messageId === messageId)) {
      this.alerts$.next(alerts.filter((a) => a.messageId !== messageId));
    }
  }

  /** The open session for a message, if it has not expired. */
  sessionFor(messageId: string): UnlockResponse | null {
    const session = this.sessions.get(messageId);
    if (session && Date.parse(session.expiresAt) > this.now()) return session;
    this.sessions.delete(messageId);
    return null;
  }

  /** Opens the message with the mailbox PIN; a refusal throws the server's `ApiRequestError` (wrong, locked). */
  async unlock(
    messageId: string,
    pin: string,
    intent: 'listen' | 'delete' = 'listen',
  ): Promise<UnlockResponse> {
    const session = await this.api.unlock(messageId, pin, intent);
    this.sessions.set(messageId, session);
    this.dismissAlert(messageId);
    return session;
  }

  /** Played to the end: saved at the carrier, and "heard" everywhere. */
  async markHeard(messageId: string): Promise<void> {
    const session = this.requireSession(messageId);
    await this.api.markHeard(messageId, session.sessionId);
    await this.applyOwn(messageId, 'heard');
  }

  /** Keeps it new everywhere and takes the banner away. */
  async later(messageId: string): Promise<void> {
    await this.api.later(messageId);
    this.dismissAlert(messageId);
  }

  /** Deletes with the session the PIN opened; the message leaves the inbox and the result is said in words. */
  async delete(messageId: string, sessionId: string): Promise<void> {
    const message = this.inbox.messages$.value.find((m) => m.id === messageId);
    await this.api.delete(messageId, sessionId);
    this.sessions.delete(messageId);
    await this.applyOwn(messageId, 'deleted');
    this.notify(`Message from ${message ? callerLabel(message) : 'unknown caller'} deleted`);
  }

  /** Where the session's audio is fetched from (an absolute URL for the `<audio>` element). */
  audioUrl(session: UnlockResponse): string {
    return this.api.resolve(session.audioUrl);
  }

  /** Why a session's audio does not play, in the server's words, or null if the server has no complaint. */
  audioFailure(url: string) {
    return this.api.audioFailure(url);
  }

  private requireSession(messageId: string): UnlockResponse {
    const session = this.sessionFor(messageId);
    if (!session) throw new Error('enter the PIN again');
    return session;
  }

  private async applyOwn(messageId: string, state: 'heard' | 'deleted'): Promise<void> {
    const message = this.inbox.messages$.value.find((m) => m.id === messageId);
    if (!message) return;
    if (state === 'deleted') this.dismissAlert(messageId);
    await this.inbox.apply({
      name: 'voicemail.updated',
      data: {
        messageId,
        mailbox: message.mailbox,
        state,
        byDeviceId: this.deviceId,
        callerName: message.callerName,
      },
    });
  }

  /** News at the top; the same news again moves its line up with a count and the new time. */
  private notify(text: string): void {
    const earlier = this.notices$.value.find((n) => n.text === text);
    const notice = {
      id: ++this.noticeIds,
      text,
      at: new Date(this.now()).toISOString(),
      count: (earlier?.count ?? 0) + 1,
    };
    const others = this.notices$.value.filter((n) => n !== earlier);
    this.notices$.next([notice, ...others].slice(0, NOTICES_KEPT));
  }
}
