import { BehaviorSubject } from 'rxjs';
import type { IDBPDatabase } from 'idb';
import {
  followedMailboxes,
  type EventData,
  type EventName,
  type VoicemailMessage,
} from '../../protocol/index.ts';
import type { ApiClient } from '../net/api-client.ts';
import type { ClientStores, InboxMessage } from '../storage/client-stores.ts';

export type InboxSync = 'idle' | 'syncing' | 'synced' | 'offline';

/** A change to the list: a push event, or this device's own action applied before its echo arrives. */
export type InboxChange = { [N in EventName]: { name: N; data: EventData<N> } }[EventName];

/** New messages first, then newest first. */
function order(messages: InboxMessage[]): InboxMessage[] {
  return [...messages].sort((a, b) =>
    a.folder !== b.folder ? (a.folder === 'new' ? -1 : 1) : b.receivedAt.localeCompare(a.receivedAt),
  );
}

function fromServer(m: VoicemailMessage): InboxMessage | null {
  if (m.folder === 'deleted') return null;
  return {
    id: m.id,
    mailbox: m.mailbox,
    mailboxOwner: m.mailboxOwner,
    callerName: m.callerName,
    callerNumber: m.callerNumber,
    receivedAt: m.receivedAt,
    durationSec: m.durationSec,
    folder: m.folder,
    transcript: m.transcript,
  };
}

/**
 * A device's voicemail inbox, kept by the same rules on the TV and the phone page: the saved copy in IndexedDB
 * shows at once (even offline, even right after a restart); the server's list replaces it when it answers; push
 * events keep it current in between.
 */
export class InboxStore {
  readonly messages$ = new BehaviorSubject<InboxMessage[]>([]);
  readonly sync$ = new BehaviorSubject<InboxSync>('idle');
  private readonly db: IDBPDatabase<ClientStores>;
  private readonly api: ApiClient;
  /**
   * For each sync under way, the push events that arrived since it asked the server: they are replayed on top of
   * its (older) answer. One buffer per sync, as syncs can overlap (start-up and opening the inbox).
   */
  private readonly syncBuffers = new Set<InboxChange[]>();
  /** Every change to the list runs here, one after another, so a push never races a sync's write. */
  private writes: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(deps: { db: IDBPDatabase<ClientStores>; api: ApiClient }) {
    this.db = deps.db;
    this.api = deps.api;
  }

  /** Shows what was saved last time. */
  async load(): Promise<void> {
    this.messages$.next(order(await this.db.getAll('inbox')));
  }

  /** Replaces the list with the server's; on failure keeps the saved one and says so. */
  async sync(): Promise<void> {
    if (this.disposed) return;
    this.sync$.next('syncing');
    const buffer: InboxChange[] = [];
    this.syncBuffers.add(buffer);
    let list: VoicemailMessage[];
    try {
      list = await this.api.listVoicemail();
    } catch {
      this.syncBuffers.delete(buffer);
      this.sync$.next('offline');
      return;
    }
    const messages = list.flatMap((m) => fromServer(m) ?? []);
    if (this.disposed) return;
    await this.serially(async () => {
      const tx = this.db.transaction('inbox', 'readwrite');
      await tx.store.clear();
      for (const message of messages) await tx.store.put(message);
      await tx.done;
      this.messages$.next(order(messages));
      this.syncBuffers.delete(buffer);
      for (const event of buffer) await this.applyNow(event);
    });
    this.sync$.next('synced');
  }

  /**
   * Keeps the list current from push events (new messages appear, heard ones are saved, deleted ones go), and
   * from this device's own confirmed actions, so the list changes at once rather than when the echo arrives.
   */
  apply(event: InboxChange): Promise<void> {
    return this.serially(() => {
      for (const buffer of this.syncBuffers) buffer.push(event);
      return this.applyNow(event);
    });
  }

  /** The app is closing its database: writes still queued or in flight are dropped, not failed. */
  dispose(): void {
    this.disposed = true;
  }

  private serially<T>(work: () => Promise<T | undefined>): Promise<T | undefined> {
    const result = this.writes.then(() => (this.disposed ? undefined : work()));
    this.writes = result.catch(() => undefined);
    return result;
  }

  private async applyNow(event: InboxChange): Promise<void> {
    if (event.name === 'voicemail.new') {
      const d = event.data;
      await this.put({
        id: d.messageId,
        mailbox: d.mailbox,
        mailboxOwner: d.mailboxOwner,
        callerName: d.callerName,
        callerNumber: d.callerNumber,
        receivedAt: d.receivedAt,
        durationSec: d.durationSec,
        folder: 'new',
        transcript: d.transcript ?? null,
      });
      return;
    }
    if (event.name === 'routing.changed') {
      const followed = followedMailboxes(event.data);
      const dropped = this.messages$.value.filter((m) => !followed.has(m.mailbox));
      for (const m of dropped) await this.db.delete('inbox', m.id);
      if (dropped.length) this.messages$.next(this.messages$.value.filter((m) => followed.has(m.mailbox)));
      return;
    }
    if (event.name === 'voicemail.summary') {
      // What waited during a quiet programme: into the list at once, then the whole list fetched (a summary
      // carries at most ten, without transcripts). Not awaited here: sync writes through this same queue.
      for (const d of event.data.messages) await this.applyNow({ name: 'voicemail.new', data: d });
      setTimeout(() => void this.sync(), 0);
      return;
    }
    if (event.name !== 'voicemail.updated') return;
    const { messageId, state } = event.data;
    const current = this.messages$.value.find((m) => m.id === messageId);
    if (state === 'deleted') {
      await this.db.delete('inbox', messageId);
      this.messages$.next(this.messages$.value.filter((m) => m.id !== messageId));
    } else if (current) {
      await this.put({ ...current, folder: state === 'heard' ? 'saved' : 'new' });
    }
  }

  private async put(message: InboxMessage): Promise<void> {
    await this.db.put('inbox', message);
    this.messages$.next(order([...this.messages$.value.filter((m) => m.id !== message.id), message]));
  }
}
