import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, test } from 'node:test';
import { createMemoryLogger } from '../log.ts';
import { openSqliteDatabase } from './database.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-wal-'));
  dirs.push(dir);
  const path = join(dir, 'backend.db');
  const file = new DatabaseSync(path);
  file.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  file.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return { path, file };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** ~2 MB in 200 commits, about 500 pages: under the backstop, so only the thread folds it into the file. */
function writeCommits(file: DatabaseSync) {
  const insert = file.prepare('INSERT INTO events (body) VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run('x'.repeat(10_000));
}

const autocheckpoint = (file: DatabaseSync) =>
  (file.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

test('the log is folded into the file by the thread, not by the commits', async () => {
  const { path, file } = walDatabase();
  const checkpointer = new WalCheckpointer({ file, path, intervalMs: 20, startAfterMs: 0 });
  await until(() => checkpointer.running, 'the thread to start');
  assert.equal(autocheckpoint(file), 10_000, 'the commits leave the checkpoints to the thread');
  const before = statSync(path).size;

  writeCommits(file);
  // In WAL mode only a checkpoint writes the database file itself.
  await until(() => statSync(path).size > before + 1_500_000, 'the file to take the log');
  // Its report comes by message, after the file has grown.
  await until(() => checkpointer.checkpoints > 0, 'the thread to say so');

  await checkpointer.stop();
  assert.equal(checkpointer.running, false);
  file.close();
  assert.equal(existsSync(`${path}-wal`), false, 'the last connection to close removes the log, as before');
});

test('a thread that cannot run gives the checkpoints back to SQLite, and says so', async () => {
  const { path, file } = walDatabase();
  const log = createMemoryLogger();
  // The thread's own connection cannot open this path.
  const checkpointer = new WalCheckpointer({
    file,
    path: join(path, 'not-a-folder', 'backend.db'),
    intervalMs: 20,
    startAfterMs: 0,
    log,
  });
  await until(() => autocheckpoint(file) === 1000 && log.lines.length > 0, 'the fallback');
  assert.match(log.lines.join('\n'), /error .*write-ahead log thread ended/);
  assert.equal(checkpointer.running, false);
  await checkpointer.stop();
  file.close();
});

test('a database closed before its thread was due never starts one', async () => {
  const { path, file } = walDatabase();
  const checkpointer = new WalCheckpointer({ file, path, startAfterMs: 50 });
  await checkpointer.stop();
  await sleep(100);
  assert.equal(checkpointer.running, false);
  assert.equal(autocheckpoint(file), 1000, "SQLite's own threshold is untouched");
  file.close();
});

test('the embedded database stops its thread when it closes, and its data is all in the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-wal-'));
  dirs.push(dir);
  const path = join(dir, 'backend.db');
  const db = await openSqliteDatabase(path);
  // Long enough for the thread to start (a second after opening).
  await sleep(1300);
  await db.settings.setIfAbsent('test.key', 'kept');
  await db.close();
  assert.equal(existsSync(`${path}-wal`), false);
  const reopened = await openSqliteDatabase(path);
  assert.equal(await reopened.settings.get('test.key'), 'kept');
  await reopened.close();
});
