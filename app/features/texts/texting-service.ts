import type { IDBPDatabase } from 'idb';
import { BehaviorSubject, Subject } from 'rxjs';
import { TextStatus, type DeviceProfile, type EventData, type EventFrame } from '../../../protocol/index.ts';
import { ApiRequestError, type ApiClient } from '../../../client/net/api-client.ts';
import type { Logger } from '../../../client/log.ts';
import type { TvDb, TvText } from '../../storage/db.ts';

/** What a TV can do, said in its presence command: it shows and plays, it cannot send SMS. */
const TV_CAPABILITIES = ['display', 'audio'] as const;
const KEEP_TEXTS = 300;

/** Whether a phone may be asked to send for this TV, and what this TV has asked. */
export type TextingAccess =
  | { state: 'unknown' }
  | { state: 'allowed'; proxies: DeviceProfile[] }
  | { state: 'none' }
  | { state: 'asked'; proxies: number }
  | { state: 'declined' }
  /** Phones let this TV have copies of the household's texts but not send: asking again asks them for sending. */
  | { state: 'copies-only'; copiesFrom: string[] };

/**
 * The TV's texting: a TV cannot send SMS, so it asks the identity service for the household's profiles, picks a
 * phone that has authorized it, and asks the relay to have that phone send the text. Every text is kept in
 * IndexedDB from the moment it is written — before the backend has it — so an offline TV or a restart loses none:
 * unsent ones go when the connection is back. Statuses, copies of the household's texts and incoming texts
 * arrive on the push channel.
 */
export class TextingService {
  readonly texts$ = new BehaviorSubject<TvText[]>([]);
  readonly access$ = new BehaviorSubject<TextingAccess>({ state: 'unknown' });
  /** An incoming text the viewer has not seen yet ("Text from Jane: …"). */
  readonly incoming$ = new Subject<TvText>();
  private readonly db: IDBPDatabase<TvDb>;
  private readonly api: ApiClient;
  private readonly log: Logger;
  private readonly waitMinutes: number;
  private readonly now: () => number;
  private flushing: Promise<void> | null = null;

  constructor(deps: {
    db: IDBPDatabase<TvDb>;
    api: ApiClient;
    log: Logger;
    waitMinutes: number;
    now?: () => number;
  }) {
    this.db = deps.db;
    this.api = deps.api;
    this.log = deps.log;
    this.waitMinutes = deps.waitMinutes;
    this.now = deps.now ?? Date.now;
  }

  /** The saved texts, at once, before anything answers. */
  async load(): Promise<void> {
    const saved = await this.db.getAllFromIndex('texts', 'by-at');
    this.texts$.next(saved.slice(-KEEP_TEXTS));
  }

  /** Says what this TV can do, learns which phones it may text through, and sends what is still unsent. */
  async connect(): Promise<void> {
    await this.api.announcePresence({ capabilities: [...TV_CAPABILITIES] });
    await this.refreshProfiles(true);
    await this.flushUnsent();
  }

  /**
   * Reads which phones may send for this TV. After a request, a change with no phone allowing it is a refusal;
   * `keepAsked` (on reconnecting) leaves a pending request pending.
   */
  async refreshProfiles(keepAsked = false): Promise<void> {
    const phones = (await this.api.profiles()).filter((p) => p.capabilities.includes('sms'));
    const proxies = phones.filter((p) => p.grantedToYou?.includes('send'));
    const copiesFrom = phones.filter((p) => p.grantedToYou?.includes('receive')).map((p) => p.name);
    const asked = this.access$.value.state === 'asked';
    if (proxies.length > 0) this.access$.next({ state: 'allowed', proxies });
    else if (asked && keepAsked) return;
    else if (copiesFrom.length > 0) this.access$.next({ state: 'copies-only', copiesFrom });
    else if (asked) this.access$.next({ state: 'declined' });
    else this.access$.next({ state: 'none' });
  }

  /** Asks the household's phones to let this TV text through them; each shows its holder a prompt. */
  async requestAccess(): Promise<number> {
    const asked = await this.api.requestSms();
    this.access$.next(asked > 0 ? { state: 'asked', proxies: asked } : { state: 'none' });
    return asked;
  }

  /**
   * Writes the text down, then asks the relay. Resolves to the text as it stands: queued, refused (unauthorized,
   * over the limits — the draft is kept), or still unsent when the backend cannot be reached.
   */
  async send(draft: { recipient: string; text: string; proxy: DeviceProfile }): Promise<TvText> {
    const text: TvText = {
      key: newClientId(),
      direction: 'out',
      number: draft.recipient,
      text: draft.text,
      status: 'unsent',
      reason: null,
      at: new Date(this.now()).toISOString(),
      textId: null,
      proxyProfileId: draft.proxy.profileId,
      proxyName: draft.proxy.name,
      fromName: null,
      waitMinutes: this.waitMinutes,
    };
    await this.save(text);
    return this.submit(text);
  }

  /** Sends a failed or refused text again, as a new text (the old one stays in the thread as it ended). */
  async retry(key: string, proxy: DeviceProfile): Promise<TvText> {
    const old = this.texts$.value.find((t) => t.key === key);
    if (!old) throw new Error('no such text');
    return this.send({ recipient: old.number, text: old.text, proxy });
  }

  async handle(event: EventFrame): Promise<void> {
    if (event.name === 'profiles.changed') await this.refreshProfiles();
    if (event.name === 'text.updated') await this.onUpdated(event.data);
    if (event.name === 'text.incoming') await this.onIncoming(event.data);
  }

  /** Sends whatever is still unsent, oldest first; one pass at a time. */
  flushUnsent(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        for (const text of this.texts$.value.filter((t) => t.status === 'unsent')) {
          const after = await this.submit(text);
          if (after.status === 'unsent') break; // still offline: the rest would fail the same way
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async submit(text: TvText): Promise<TvText> {
    let next: TvText;
    try {
      const view = await this.api.sendText({
        clientId: text.key,
        proxyProfileId: text.proxyProfileId!,
        recipient: text.number,
        payload: text.text,
        sendAsSms: true,
        waitMinutes: this.waitMinutes,
      });
      // A push may have moved it on already while the answer was on its way.
      const latest = this.texts$.value.find((t) => t.key === text.key) ?? text;
      next = {
        ...latest,
        textId: view.textId,
        ...(latest.status === 'unsent' ? { status: view.status, reason: view.reason } : {}),
      };
    } catch (error) {
      if (!(error instanceof ApiRequestError)) throw error;
      next =
        error.status === 0 || error.status >= 500
          ? {
              ...text,
              status: 'unsent',
              reason: 'the TV is offline; it goes as soon as the connection is back',
            }
          : { ...text, status: 'failed', reason: error.message };
      this.log.warn(`text ${text.key}: ${error.code} ${error.message}`);
    }
    await this.save(next);
    // What the text is now: a push may have moved it further while the answer was saved.
    return this.texts$.value.find((t) => t.key === text.key) ?? next;
  }

  private async onUpdated(data: EventData<'text.updated'>): Promise<void> {
    const mine = this.texts$.value.find(
      (t) => t.key === data.clientId || (t.textId && t.textId === data.textId),
    );
    if (mine && mine.direction === 'out' && !mine.fromName) {
      if (rank(data.status) < rank(mine.status)) return;
      await this.save({ ...mine, textId: data.textId, status: data.status, reason: data.reason });
      return;
    }
    // A copy: another device of the household texted through the phone.
    const key = `copy:${data.textId}`;
    const copy = this.texts$.value.find((t) => t.key === key);
    if (copy && rank(data.status) < rank(copy.status)) return;
    await this.save({
      key,
      direction: 'out',
      number: data.recipient,
      text: data.payload,
      status: data.status,
      reason: data.reason,
      at: copy?.at ?? new Date(this.now()).toISOString(),
      textId: data.textId,
      proxyProfileId: null,
      proxyName: null,
      fromName: data.fromName,
    });
  }

  private async onIncoming(data: EventData<'text.incoming'>): Promise<void> {
    const key = `in:${data.smsId}`;
    if (this.texts$.value.some((t) => t.key === key) || (await this.db.get('texts', key))) return;
    const text: TvText = {
      key,
      direction: 'in',
      number: data.from,
      text: data.text,
      status: 'received',
      reason: null,
      at: data.receivedAt,
      textId: null,
      proxyProfileId: null,
      proxyName: null,
      fromName: null,
      lineOwner: data.lineOwner,
      private: data.show === 'private',
    };
    await this.save(text);
    this.incoming$.next(text);
  }

  /**
   * The list in memory first, then IndexedDB: an answer and a push about the same text may interleave, and the one
   * further along wins whichever lands last (IndexedDB applies the writes in the order they were made).
   */
  private async save(text: TvText): Promise<void> {
    const current = this.texts$.value.find((t) => t.key === text.key);
    const merged =
      current && rank(current.status) > rank(text.status)
        ? { ...text, status: current.status, reason: current.reason }
        : text;
    const rest = this.texts$.value.filter((t) => t.key !== text.key);
    const list = [...rest, merged].sort((a, b) => a.at.localeCompare(b.at));
    const dropped = list.splice(0, Math.max(0, list.length - KEEP_TEXTS));
    this.texts$.next(list);
    await this.db.put('texts', merged);
    for (const old of dropped) await this.db.delete('texts', old.key);
  }
}

/** Where a status sits on the way: a late event never moves a text back. */
const ORDER: readonly TvText['status'][] = ['unsent', ...TextStatus.options, 'received'];
function rank(status: TvText['status']): number {
  return ORDER.indexOf(status);
}

function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `tv-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
