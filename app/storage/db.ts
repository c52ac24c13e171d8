import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** The TV app's IndexedDB schema. Every version's changes live in `upgrade`, in order. */
export interface CouchlineDb extends DBSchema {
  /** Ids of events already shown, so a replayed event is never shown twice. */
  'shown-events': { key: string; value: { id: string; shownAt: number }; indexes: { 'by-shown-at': number } };
  /** Per device: the outbox epoch and the last sequence handled. */
  'push-cursor': { key: string; value: { deviceId: string; epoch: string | null; lastSeq: number } };
}

export const DB_VERSION = 1;

export function openCouchlineDb(name = 'couchline'): Promise<IDBPDatabase<CouchlineDb>> {
  return openDB<CouchlineDb>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const shown = db.createObjectStore('shown-events', { keyPath: 'id' });
        shown.createIndex('by-shown-at', 'shownAt');
        db.createObjectStore('push-cursor', { keyPath: 'deviceId' });
      }
    },
  });
}
