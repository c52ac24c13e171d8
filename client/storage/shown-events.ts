import type { IDBPDatabase } from 'idb';
import type { ClientStores } from './client-stores.ts';

/** How many shown ids to keep: far more than the gateway could ever replay (its outbox TTL is a week). */
const KEEP = 2000;

/** Remembers which events were shown, across restarts. */
export class ShownEvents {
  private readonly db: IDBPDatabase<ClientStores>;
  /** Every id shown, read once for {@link claim}; null until it is first asked for. */
  private known: Promise<Set<string>> | null = null;

  constructor(db: IDBPDatabase<ClientStores>) {
    this.db = db;
  }

  async has(id: string): Promise<boolean> {
    return (await this.db.getKey('shown-events', id)) !== undefined;
  }

  /**
   * Records `id` as shown, unless it already was: true when it is new (show it), false for a repeat. One small
   * transaction, so the check and the record cost a single round trip before the alert can be drawn.
   */
  async markShown(id: string, now = Date.now()): Promise<boolean> {
    // Relaxed: committed for every later read and across an app restart, without waiting for the disk to flush;
    // only a power cut in that instant could bring the alert back once more.
    const tx = this.db.transaction('shown-events', 'readwrite', { durability: 'relaxed' });
    if ((await tx.store.getKey(id)) !== undefined) {
      await tx.done;
      return false;
    }
    await tx.store.put({ id, shownAt: now });
    await tx.done;
    return true;
  }

  /**
   * Reads the ids shown before into memory, for {@link claim}. Call it at start-up, off the alert's path; a claim
   * before it finished waits for it.
   */
  load(): Promise<Set<string>> {
    // A failed read is not kept: the next claim reads again (and its caller reports a second failure).
    return (this.known ??= this.db.getAllKeys('shown-events').then(
      (ids) => new Set(ids),
      (error: unknown) => {
        this.known = null;
        throw error;
      },
    ));
  }

  /**
   * Like {@link markShown}, without waiting on IndexedDB before the alert is drawn: the ids are checked in memory
   * (read once by {@link load}), and the record is written in the same task — issued before the alert is drawn,
   * committed shortly after (`recorded`). Only a crash inside that commit could bring the alert back once more
   * after a restart. Ids shown by another page on the same database meanwhile are not seen: for one app per
   * database (the TV's).
   */
  async claim(id: string, now = Date.now()): Promise<{ fresh: boolean; recorded: Promise<void> }> {
    const known = await this.load();
    if (known.has(id)) return { fresh: false, recorded: Promise.resolve() };
    known.add(id);
    const tx = this.db.transaction('shown-events', 'readwrite', { durability: 'relaxed' });
    void tx.store.put({ id, shownAt: now }).catch(() => undefined);
    return { fresh: true, recorded: tx.done };
  }

  /**
   * Drops the oldest ids beyond `keep`. Run once at start-up, off the alert's path: it is also the store's first
   * write of the session, which costs tens of milliseconds that the first alert would otherwise pay.
   */
  async prune(keep = KEEP): Promise<void> {
    const tx = this.db.transaction('shown-events', 'readwrite', { durability: 'relaxed' });
    const count = await tx.store.count();
    let cursor = count > keep ? await tx.store.index('by-shown-at').openCursor() : null;
    for (let excess = count - keep; cursor && excess > 0; excess--) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }
}
