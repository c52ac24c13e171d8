import { expect } from 'chai';
import { openDB } from 'idb';
import { freshDbName } from '../../tests/helpers/wait.ts';
import { openTvDb, TV_DB_VERSION } from './db.ts';

describe('the TV database', () => {
  it("has the client's stores and the TV's texts", async () => {
    const db = await openTvDb(freshDbName());
    expect([...db.objectStoreNames].sort()).to.deep.equal(['inbox', 'push-cursor', 'shown-events', 'texts']);
    expect(db.version).to.equal(TV_DB_VERSION);
    db.close();
  });

  it('opened from version 2 (before texts), gains the texts store and keeps its inbox', async () => {
    const name = freshDbName();
    const old = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('shown-events', { keyPath: 'id' }).createIndex('by-shown-at', 'shownAt');
        db.createObjectStore('push-cursor', { keyPath: 'deviceId' });
        db.createObjectStore('inbox', { keyPath: 'id' });
      },
    });
    await old.put('inbox', { id: 'm1', folder: 'new' });
    old.close();

    const db = await openTvDb(name);
    expect([...db.objectStoreNames].sort()).to.deep.equal(['inbox', 'push-cursor', 'shown-events', 'texts']);
    expect(await db.count('inbox')).to.equal(1);
    expect(await db.count('texts')).to.equal(0);
    db.close();
  });
});
