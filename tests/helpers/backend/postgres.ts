import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, isRunning, startLocalPostgres } from '../../../scripts/cluster/local-engines.ts';

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
 * Starts PostgreSQL 15 in a new temp folder, as `npm run start:cluster` starts its own (scripts/cluster/
 * local-engines.ts: initdb, pg_ctl, as the `postgres` system user when run as root), without fsync. Missing
 * binaries fail with what to install, never a skip.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-pg-'));
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
  let server;
  try {
    server = await startLocalPostgres({ dir, port: await freePort(), disposable: true });
    pid = server.pid;
  } catch (error) {
    cleanUp();
    throw error;
  }
  const { port } = server;
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
      return server.url(name);
    },
    async stop() {
      process.off('exit', cleanUp);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await server.stop();
      pid = undefined;
      cleanUp();
    },
  };
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
