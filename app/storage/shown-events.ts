import type { IDBPDatabase } from 'idb';
import type { CouchlineDb } from './db.ts';

/** How many shown ids to keep: far more than the gateway could ever replay (its outbox TTL is a week). */
const KEEP = 2000;

/** Remembers which events were shown, across restarts. */
export class ShownEvents {
  private readonly db: IDBPDatabase<CouchlineDb>;

  constructor(db: IDBPDatabase<CouchlineDb>) {
    this.db = db;
  }

  async has(id: string): Promise<boolean> {
    return (await this.db.getKey('shown-events', id)) !== undefined;
  }

  async markShown(id: string, now = Date.now()): Promise<void> {
    const tx = this.db.transaction('shown-events', 'readwrite');
    await tx.store.put({ id, shownAt: now });
    const count = await tx.store.count();
    if (count > KEEP) {
      // Oldest first: drop what is beyond the limit.
      let cursor = await tx.store.index('by-shown-at').openCursor();
      for (let excess = count - KEEP; cursor && excess > 0; excess--) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }
}
