import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** Debian 12's PostgreSQL 15 (the `postgresql` package, which scripts/bootstrap.mjs installs for the tests). */
const BIN = '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

/** A PostgreSQL server a test process started for itself, on a free loopback port, in a temp folder. */
export interface TestPostgres {
  readonly port: number;
  /**
   * A new database on it (each test store gets its own): its `postgres://` URL. Empty, or a copy of `template` (a
   * database on this server no one is connected to; PostgreSQL copies its files, much faster than migrating anew).
   */
  newDatabaseUrl(template?: string): Promise<string>;
  /** Stops the server by its pid and removes its folder. */
  stop(): Promise<void>;
}

let shared: Promise<TestPostgres> | undefined;

/**
 * The test process's PostgreSQL, started on first use and stopped when the process ends (normally, after a failed
 * test, or on SIGINT/SIGTERM from the test runner).
 */
export function testPostgres(): Promise<TestPostgres> {
  shared ??= startPostgres();
  return shared;
}

/**
 * Starts PostgreSQL 15: `initdb` (trust for local connections, superuser `couchline`) and `pg_ctl start` in a new temp
 * folder, listening on 127.0.0.1 only, its socket in that folder. PostgreSQL refuses to run as root: as root it runs
 * as the `postgres` system user the Debian package creates (DESIGN.md §8); as anyone else, as that user.
 * Missing binaries fail with what to install, never a skip.
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${BIN}/initdb), and the store's tests run on it as well as on SQLite: ` +
        'install it with `node scripts/bootstrap.mjs test` (as root) or `apt-get install postgresql`',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'couchline-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, systemId('-u'), systemId('-g'));
  const asServerUser = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]) : run(join(BIN, tool), args);
  const data = join(dir, 'data');
  const port = await freePort();
  let pid: number | undefined;
  const cleanUp = () => {
    if (pid !== undefined) stopSync(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once('exit', cleanUp);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await asServerUser('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'couchline',
      '-E',
      'UTF8',
      '--locale=C',
      '-N',
    ]);
    // A test server: nothing it holds must survive a crash, so it never waits for the disk.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`;
    await asServerUser('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']);
    pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    cleanUp();
    throw new Error(`PostgreSQL did not start in ${dir}\n${log}`, { cause: error });
  }
  let databases = 0;
  return {
    port,
    async newDatabaseUrl(template) {
      const name = `couchline_test_${++databases}`;
      const admin = new pg.Client({ host: '127.0.0.1', port, user: 'couchline', database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      } finally {
        await admin.end();
      }
      return `postgres://couchline@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.off('exit', cleanUp);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (pid !== undefined) {
        process.kill(pid, 'SIGINT'); // fast shutdown: ends the sessions, then the server
        while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
        pid = undefined;
      }
      cleanUp();
    },
  };
}

/** The `postgres` system user's uid (`-u`) or gid (`-g`). */
function systemId(flag: '-u' | '-g'): number {
  try {
    return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  } catch (error) {
    throw new Error(
      'no `postgres` system user to run PostgreSQL as (the Debian postgresql package makes it)',
      {
        cause: error,
      },
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the server from an exit handler, where nothing asynchronous runs: an immediate shutdown, then a wait (at
 * most 5 s) until it has gone, so its folder can be removed.
 */
function stopSync(pid: number): void {
  if (!isRunning(pid)) return;
  process.kill(pid, 'SIGQUIT');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; isRunning(pid) && waited < 5000; waited += 20) Atomics.wait(pause, 0, 0, 20);
}
