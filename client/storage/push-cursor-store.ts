import type { IDBPDatabase } from 'idb';
import type { PushCursor, PushCursorStore } from '../net/push-client.ts';
import type { ClientStores } from './client-stores.ts';

export class IdbPushCursorStore implements PushCursorStore {
  private readonly db: IDBPDatabase<ClientStores>;

  constructor(db: IDBPDatabase<ClientStores>) {
    this.db = db;
  }

  async load(deviceId: string): Promise<PushCursor> {
    const row = await this.db.get('push-cursor', deviceId);
    return row ? { epoch: row.epoch, lastSeq: row.lastSeq } : { epoch: null, lastSeq: 0 };
  }

  async save(deviceId: string, cursor: PushCursor): Promise<void> {
    await this.db.put('push-cursor', { deviceId, ...cursor });
  }
}
