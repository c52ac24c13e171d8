import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { Kysely } from 'kysely';
import { forEachEngine } from '../../tests/helpers/backend/engines.ts';
import { silentLogger } from '../log.ts';
import type { DatabaseLocation } from './database-location.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';
import { openPostgresQueries } from './postgres-database.ts';
import { preparedInsert, preparedQuery } from './prepared-query.ts';
import { createSession, type Session } from './session.ts';
import type { Tables } from './tables.ts';

/** The query layer over a new, migrated database of the engine, as the repositories see it (a session). */
async function openSession(
  location: DatabaseLocation,
): Promise<{ session: Session; close: () => Promise<void> }> {
  let db: Kysely<Tables>;
  if (location.engine === 'sqlite') {
    const file = new DatabaseSync(location.file);
    migrate(file, MIGRATIONS);
    db = new Kysely<Tables>({ dialect: nodeSqliteDialect(file) });
  } else {
    db = await openPostgresQueries(location.url, silentLogger);
  }
  return { session: createSession(db, location.engine), close: () => db.destroy() };
}

/** Rows as plain objects (node:sqlite gives them without a prototype). */
const plain = <T extends object>(rows: T | T[] | undefined) =>
  Array.isArray(rows) ? rows.map((r) => ({ ...r })) : rows && { ...rows };

forEachEngine((engine) => {
  test('a prepared query is built and compiled once, and each call runs it with its own values', async () => {
    const { session, close } = await openSession(await engine.newLocation());
    const insert = preparedInsert(session, (db, rows: { key: string; value: string }[]) =>
      db.insertInto('settings').values(rows),
    );
    assert.equal(await insert.insert([{ key: 'a', value: '1' }]), 1);
    assert.equal(
      await insert.insert([
        { key: 'b', value: '2' },
        { key: 'c', value: '3' },
      ]),
      2,
    );
    let builds = 0;
    const between = preparedQuery(session, (db, p: { from: string; to: string }) => {
      builds++;
      // The fixed values written in the query ('z', the order) stay as they were compiled.
      return db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('key', '>=', p.from)
        .where('key', '<=', p.to)
        .where('key', '!=', 'z')
        .orderBy('key');
    });
    assert.deepEqual(plain(await between.rows({ from: 'a', to: 'b' })), [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    assert.deepEqual(plain(await between.rows({ from: 'b', to: 'c' })), [
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
    ]);
    assert.deepEqual(plain(await between.first({ from: 'c', to: 'z' })), { key: 'c', value: '3' });
    assert.equal(await between.first({ from: 'd', to: 'z' }), undefined);
    assert.equal(builds, 1);
    await close();
  });

  test('writes answer how many rows they changed; a conflict that does nothing counts none', async () => {
    const { session, close } = await openSession(await engine.newLocation());
    const claim = preparedInsert(session, (db, rows: { id: string; expires_at: number }[]) =>
      db
        .insertInto('webhook_ids')
        .values(rows)
        .onConflict((c) => c.column('id').doNothing()),
    );
    assert.equal(await claim.insert([{ id: 'h1', expires_at: 10 }]), 1);
    assert.equal(await claim.insert([{ id: 'h1', expires_at: 20 }]), 0);
    assert.equal(
      await claim.insert([
        { id: 'h1', expires_at: 30 },
        { id: 'h2', expires_at: 30 },
      ]),
      1,
    );
    // More rows than are kept prepared, and rows of other columns, are compiled for the call.
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, expires_at: 40 + i }));
    assert.equal(await claim.insert(many), 40);
    assert.equal(await claim.insert([]), 0);

    const extend = preparedQuery(session, (db, p: { id: string; by: number }) =>
      db
        .updateTable('webhook_ids')
        .set((eb) => ({ expires_at: eb('expires_at', '+', p.by) }))
        .where('id', '=', p.id)
        .returning('expires_at'),
    );
    assert.deepEqual(plain(await extend.rows({ id: 'h2', by: 5 })), [{ expires_at: 35 }]);
    const purge = preparedQuery(session, (db, p: { before: number }) =>
      db.deleteFrom('webhook_ids').where('expires_at', '<', p.before),
    );
    assert.equal(await purge.affected({ before: 36 }), 2);
    assert.equal(await purge.affected({ before: 36 }), 0);
    assert.equal(await purge.affected({ before: 1000 }), 40);
    await close();
  });

  test('a prepared query joins the transaction in progress, and rolls back with it', async () => {
    const { session, close } = await openSession(await engine.newLocation());
    const set = preparedInsert(session, (db, rows: { key: string; value: string }[]) =>
      db.insertInto('settings').values(rows),
    );
    const get = preparedQuery(session, (db, p: { key: string }) =>
      db.selectFrom('settings').select('value').where('key', '=', p.key),
    );
    await assert.rejects(
      session.transaction(async () => {
        await set.insert([{ key: 'k', value: 'v' }]);
        assert.deepEqual(plain(await get.first({ key: 'k' })), { value: 'v' });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(await get.first({ key: 'k' }), undefined);
    await session.transaction(() => set.insert([{ key: 'k', value: 'kept' }]));
    assert.deepEqual(plain(await get.first({ key: 'k' })), { value: 'kept' });
    await close();
  });

  test('a parameter missing from the call is an error, not a NULL', async () => {
    const { session, close } = await openSession(await engine.newLocation());
    const get = preparedQuery(session, (db, p: { key: string }) =>
      db.selectFrom('settings').select('value').where('key', '=', p.key),
    );
    const unset: Partial<{ key: string }> = { key: undefined };
    await assert.rejects(get.first(unset as { key: string }), /parameter key is undefined/);
    await assert.rejects(get.first({} as { key: string }), /no value for the query parameter key/);
    await close();
  });
});
