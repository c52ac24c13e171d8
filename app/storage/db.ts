import { openDB, unwrap, type IDBPDatabase } from 'idb';
import type { TextStatus } from '../../protocol/index.ts';
import { ensureClientStores, type ClientStores } from '../../client/storage/client-stores.ts';

/**
 * The TV app's IndexedDB schema: the client's stores (shown events, push cursor, inbox) and the TV's texts.
 * Version 1 had the first two client stores, 2 added the inbox, 3 the texts.
 */
export interface TvDb extends ClientStores {
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

export const TV_DB_VERSION = 3;

/** The TV's database is "couchline" (the phone page keeps its own, web/phone/phone-db.ts). */
export function openTvDb(name = 'couchline'): Promise<IDBPDatabase<TvDb>> {
  return openDB<TvDb>(name, TV_DB_VERSION, {
    upgrade(db, oldVersion) {
      ensureClientStores(unwrap(db));
      if (oldVersion < 3) {
        db.createObjectStore('texts', { keyPath: 'key' }).createIndex('by-at', 'at');
      }
    },
  });
}
