import { expect } from 'chai';
import { openDB } from 'idb';
import { freshDbName } from '../../tests/helpers/wait.ts';
import { openPhoneDb, PHONE_DB_VERSION } from './phone-db.ts';

const INBOX_ROW = {
  id: 'm1',
  mailbox: '5055551212',
  mailboxOwner: 'Mary',
  callerName: 'Jane',
  callerNumber: '5055551313',
  receivedAt: '2026-11-22T20:00:00.000Z',
  durationSec: 8,
  folder: 'new' as const,
  transcript: null,
};

describe('the phone page database', () => {
  it("has the client's stores and none of the TV's", async () => {
    const db = await openPhoneDb(freshDbName());
    expect([...db.objectStoreNames].sort()).to.deep.equal(['inbox', 'push-cursor', 'shown-events']);
    expect(db.version).to.equal(PHONE_DB_VERSION);
    db.close();
  });

  it("opened from the TV's schema it used before (version 3), keeps what it saved and drops the texts store", async () => {
    const name = freshDbName();
    // Made as the TV's schema made it up to version 3, untyped: that schema is no longer the phone's.
    const old = await openDB(name, 3, {
      upgrade(db) {
        db.createObjectStore('shown-events', { keyPath: 'id' }).createIndex('by-shown-at', 'shownAt');
        db.createObjectStore('push-cursor', { keyPath: 'deviceId' });
        db.createObjectStore('inbox', { keyPath: 'id' });
        db.createObjectStore('texts', { keyPath: 'key' }).createIndex('by-at', 'at');
      },
    });
    await old.put('inbox', INBOX_ROW);
    await old.put('push-cursor', { deviceId: 'phone-mary', epoch: 'e1', lastSeq: 7 });
    await old.put('shown-events', { id: 'voicemail.new:m1', shownAt: 1 });
    old.close();

    const db = await openPhoneDb(name);
    expect([...db.objectStoreNames].sort()).to.deep.equal(['inbox', 'push-cursor', 'shown-events']);
    expect(await db.getAll('inbox')).to.deep.equal([INBOX_ROW]);
    expect(await db.get('push-cursor', 'phone-mary')).to.deep.equal({
      deviceId: 'phone-mary',
      epoch: 'e1',
      lastSeq: 7,
    });
    expect(await db.getKey('shown-events', 'voicemail.new:m1')).to.equal('voicemail.new:m1');
    db.close();
  });
});
