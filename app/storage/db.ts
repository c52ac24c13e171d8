import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TextStatus } from '../../protocol/index.ts';

/** The TV app's IndexedDB schema. Every version's changes live in `upgrade`, in order. */
export interface CouchlineDb extends DBSchema {
  /** Ids of events already shown, so a replayed event is never shown twice. */
  'shown-events': { key: string; value: { id: string; shownAt: number }; indexes: { 'by-shown-at': number } };
  /** Per device: the outbox epoch and the last sequence handled. */
  'push-cursor': { key: string; value: { deviceId: string; epoch: string | null; lastSeq: number } };
  /** The voicemail inbox as last seen, so it shows at once after a restart, before the server answers. */
  inbox: { key: string; value: InboxMessage };
  /** Texts this TV sent or was shown, unsent drafts included, so none is lost to a restart. */
  texts: { key: string; value: TvText; indexes: { 'by-at': string } };
}

/**
 * A text as the TV keeps it. Outgoing ones are keyed by the TV's own client id (a retry after a lost answer is the
 * same text); incoming ones by `in:` and the network's id; copies of other devices' texts by `copy:` and the
 * relay's id.
 */
export interface TvText {
  key: string;
  direction: 'out' | 'in';
  /** The other end's number (digits). */
  number: string;
  text: string;
  /**
   * `unsent`: not yet accepted by the backend (the TV was offline); it goes when the connection is back.
   * `received`: an incoming text.
   */
  status: TextStatus | 'unsent' | 'received';
  reason: string | null;
  at: string;
  /** Outgoing: the relay's id once accepted, the phone it went through, and which device sent it. */
  textId: string | null;
  proxyProfileId: string | null;
  proxyName: string | null;
  fromName: string | null;
  /** Outgoing: how long the relay keeps it for an offline phone. */
  waitMinutes?: number;
  /** Incoming: whose line it came to, and whether the screen may show sender and words. */
  lineOwner?: string;
  private?: boolean;
}

/** A message as the inbox keeps it. */
export interface InboxMessage {
  id: string;
  mailbox: string;
  mailboxOwner: string;
  callerName: string;
  callerNumber: string;
  receivedAt: string;
  durationSec: number;
  folder: 'new' | 'saved';
  transcript: string | null;
}

export const DB_VERSION = 3;

export function openCouchlineDb(name = 'couchline'): Promise<IDBPDatabase<CouchlineDb>> {
  return openDB<CouchlineDb>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const shown = db.createObjectStore('shown-events', { keyPath: 'id' });
        shown.createIndex('by-shown-at', 'shownAt');
        db.createObjectStore('push-cursor', { keyPath: 'deviceId' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('inbox', { keyPath: 'id' });
      }
      if (oldVersion < 3) {
        db.createObjectStore('texts', { keyPath: 'key' }).createIndex('by-at', 'at');
      }
    },
  });
}
