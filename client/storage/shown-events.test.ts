import { expect } from 'chai';
import { openDB, unwrap } from 'idb';
import { freshDbName } from '../../tests/helpers/wait.ts';
import { ensureClientStores, type ClientStores } from './client-stores.ts';
import { IdbPushCursorStore } from './push-cursor-store.ts';
import { ShownEvents } from './shown-events.ts';

/** A database with the client's stores alone, made as every app's upgrade makes them. */
function openClientStores(name: string) {
  return openDB<ClientStores>(name, 1, { upgrade: (db) => ensureClientStores(unwrap(db)) });
}

describe('IndexedDB storage', () => {
  it('remembers shown event ids across a reopen (an app restart)', async () => {
    const name = freshDbName();
    const first = await openClientStores(name);
    expect(await new ShownEvents(first).markShown('voicemail.new:m1')).to.equal(true);
    first.close();
    const second = await openClientStores(name);
    const shown = new ShownEvents(second);
    expect(await shown.has('voicemail.new:m1')).to.equal(true);
    expect(await shown.has('voicemail.new:m2')).to.equal(false);
    // A repeat is told apart in the same call that records, and changes nothing.
    expect(await shown.markShown('voicemail.new:m1')).to.equal(false);
    expect(await second.count('shown-events')).to.equal(1);
    second.close();
  });

  it('claims an id once, checked in memory, and records it for a restart', async () => {
    const name = freshDbName();
    const first = await openClientStores(name);
    await new ShownEvents(first).markShown('voicemail.new:m0');
    const shown = new ShownEvents(first);
    await shown.load();
    // Shown before this start: known from the read at start-up.
    expect((await shown.claim('voicemail.new:m0')).fresh).to.equal(false);
    const claimed = await shown.claim('voicemail.new:m1');
    expect(claimed.fresh).to.equal(true);
    // A second delivery before the write committed is still a repeat.
    expect((await shown.claim('voicemail.new:m1')).fresh).to.equal(false);
    await claimed.recorded;
    first.close();
    const second = await openClientStores(name);
    expect(await new ShownEvents(second).has('voicemail.new:m1')).to.equal(true);
    expect((await new ShownEvents(second).claim('voicemail.new:m1')).fresh).to.equal(false);
    second.close();
  });

  it('keeps at most 2000 ids, dropping the oldest', async () => {
    const db = await openClientStores(freshDbName());
    const shown = new ShownEvents(db);
    const tx = db.transaction('shown-events', 'readwrite');
    for (let i = 0; i < 2000; i++) void tx.store.put({ id: `old-${i}`, shownAt: i });
    await tx.done;
    await shown.markShown('newest', 10_000);
    expect(await db.count('shown-events')).to.equal(2001);
    await shown.prune();
    expect(await db.count('shown-events')).to.equal(2000);
    expect(await shown.has('old-0')).to.equal(false);
    expect(await shown.has('old-1')).to.equal(true);
    expect(await shown.has('newest')).to.equal(true);
    db.close();
  });

  it('stores the push cursor per device', async () => {
    const db = await openClientStores(freshDbName());
    const cursors = new IdbPushCursorStore(db);
    expect(await cursors.load('stb-a')).to.deep.equal({ epoch: null, lastSeq: 0 });
    await cursors.save('stb-a', { epoch: 'e1', lastSeq: 7 });
    expect(await cursors.load('stb-a')).to.deep.equal({ epoch: 'e1', lastSeq: 7 });
    expect(await cursors.load('stb-b')).to.deep.equal({ epoch: null, lastSeq: 0 });
    db.close();
  });
});
