import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** The TV app's IndexedDB schema. Every version's changes live in `upgrade`, in order. */
export interface CouchlineDb extends DBSchema {
  /** Ids of events already shown, so a replayed event is never shown twice. */
  'shown-events': { key: string; value: { id: string; shownAt: number }; indexes: { 'by-shown-at': number } };
  /** Per device: the outbox epoch and the last sequence handled. */
  'push-cursor': { key: string; value: { deviceId: string; epoch: string | null; lastSeq: number } };
  /** The voicemail inbox as last seen, so it shows at once after a restart, before the server answers. */
  inbox: { key: string; value: InboxMessage };
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

export const DB_VERSION = 2;

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
    },
  });
}
