import { openDB, unwrap, type IDBPDatabase } from 'idb';
import { ensureClientStores, type ClientStores } from '../../client/storage/client-stores.ts';

/** The phone page's IndexedDB schema: the client's stores (shown events, push cursor, inbox) and nothing of the TV's. */
export type PhoneDb = ClientStores;

/**
 * Versions 1 to 3 were the TV's schema, which the phone page used to open (3 added the TV's texts); 4 is the
 * phone's own, without them.
 */
export const PHONE_DB_VERSION = 4;

/** The store the TV's schema gave the phone's databases up to version 3; the phone never used it. */
const TV_TEXTS_STORE = 'texts';

/** One database per phone, so two phones in one browser keep apart (and none shares the TV's "couchline"). */
export function phoneDbName(deviceId: string): string {
  return `couchline-phone-${deviceId}`;
}

export function openPhoneDb(name: string): Promise<IDBPDatabase<PhoneDb>> {
  return openDB<PhoneDb>(name, PHONE_DB_VERSION, {
    upgrade(db) {
      // The native database: the TV's texts store is not in this schema's types, yet older databases have it.
      const native = unwrap(db);
      ensureClientStores(native);
      if (native.objectStoreNames.contains(TV_TEXTS_STORE)) native.deleteObjectStore(TV_TEXTS_STORE);
    },
  });
}

/** Drops a removed phone's saved inbox and cursor; best effort (another tab may hold it open). */
export function deletePhoneDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
