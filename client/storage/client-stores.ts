import { unwrap, wrap, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The IndexedDB stores every Couchline client keeps, whatever else its own database holds. Each app has its own
 * schema and database (the TV's in app/storage/db.ts, the phone page's in web/phone/phone-db.ts); both include
 * these stores and create them with {@link ensureClientStores}.
 */
export interface ClientStores extends DBSchema {
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

/**
 * Creates whichever client stores the database lacks. Called from an app's `upgrade`, on the native database
 * (`unwrap(db)`): the app's schema type has more stores than these, and idb cannot type one schema as another.
 * Going by what exists rather than by version number lets each app number its versions its own way.
 */
export function ensureClientStores(db: IDBDatabase): void {
  if (!db.objectStoreNames.contains('shown-events')) {
    db.createObjectStore('shown-events', { keyPath: 'id' }).createIndex('by-shown-at', 'shownAt');
  }
  if (!db.objectStoreNames.contains('push-cursor'))
    db.createObjectStore('push-cursor', { keyPath: 'deviceId' });
  if (!db.objectStoreNames.contains('inbox')) db.createObjectStore('inbox', { keyPath: 'id' });
}

/**
 * An app's database as the client's stores see it (the same connection, typed by {@link ClientStores}). idb's
 * types are invariant in the schema — a database with more stores is not assignable to one with fewer, though it
 * has every store the fewer name — so the narrowing is asserted here, once; `S extends ClientStores` is what makes
 * it true. `wrap(unwrap(db))` is the same object: idb keeps one wrapper per native database.
 */
export function clientStoresOf<S extends ClientStores>(db: IDBPDatabase<S>): IDBPDatabase<ClientStores> {
  return wrap(unwrap(db)) as IDBPDatabase<ClientStores>;
}
