import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';

// PostgreSQL and Redis on this machine, on loopback, each in a folder of its own and stopped by its pid: what
// `npm run start:cluster` runs its engines on (in the data folder) and what the backend's tests start for themselves
// (in temp folders), so the two never drift apart. Debian's packages: `postgresql` (15) and `redis-server` (7).

/** Debian 12's PostgreSQL 15 (the `postgresql` package). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
export const REDIS_SERVER = '/usr/bin/redis-server';
const run = promisify(execFile);

export interface LocalPostgres {
  readonly port: number;
  readonly pid: number;
  /** The server's log file. */
  readonly logFile: string;
  /** `postgres://couchline@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** Fast shutdown by its pid (SIGINT: ends the sessions, then the server); resolves once it has gone. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Its folder: the cluster's files in `<dir>/data`, its socket and log beside them. Made when missing. */
  dir: string;
  port: number;
  /**
   * Folders between `dir` and this one (included) that are closed to others are opened to the postgres user for
   * passing through (see {@link letThroughToPostgres}); the data folder, for the cluster.
   */
  openFrom?: string;
  /** Test servers: no fsync, no synchronous commit (nothing they hold must survive a crash). */
  disposable?: boolean;
}

/**
 * Starts PostgreSQL 15 in `dir`: `initdb` the first time (trust for local connections, superuser `couchline`), then
 * `pg_ctl start` listening on 127.0.0.1:`port` only. PostgreSQL refuses to run as root: as root it runs as the
 * `postgres` system user the Debian package creates (DESIGN.md §8), which must then reach `dir`.
 */
export async function startLocalPostgres(options: PostgresOptions): Promise<LocalPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${POSTGRES_BIN}/initdb): ` +
        'install it with `node scripts/bootstrap.mjs cluster` (as root) or `apt-get install postgresql`',
    );
  }
  const { dir, port } = options;
  const asRoot = process.getuid?.() === 0;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (asRoot) {
    chownSync(dir, postgresUserId('-u'), postgresUserId('-g'));
    letThroughToPostgres(dirname(dir), options.openFrom);
  }
  const asServerUser = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(POSTGRES_BIN, tool), ...args])
      : run(join(POSTGRES_BIN, tool), args);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  try {
    if (!existsSync(join(data, 'PG_VERSION'))) {
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
    }
    const fast = options.disposable ? ' -c fsync=off -c synchronous_commit=off' : '';
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast}`;
    await asServerUser('pg_ctl', ['-D', data, '-l', logFile, '-w', '-o', serverOptions, 'start']);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
    throw new Error(`PostgreSQL did not start in ${dir}\n${log}`, { cause: error });
  }
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    port,
    pid,
    logFile,
    url: (database) => `postgres://couchline@127.0.0.1:${port}/${database}`,
    async stop() {
      if (!isRunning(pid)) return;
      process.kill(pid, 'SIGINT');
      while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/** Creates `database` on a local PostgreSQL unless it exists (optionally as a copy of `template`). */
export async function ensureDatabase(
  server: LocalPostgres,
  database: string,
  template?: string,
): Promise<void> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({
    host: '127.0.0.1',
    port: server.port,
    user: 'couchline',
    database: 'postgres',
  });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${database}${template ? ` TEMPLATE ${template}` : ''}`);
    }
  } finally {
    await admin.end();
  }
}

export interface LocalRedis {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM by its pid (SIGKILL with `kill`: what a crash looks like); resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `redis-server` on 127.0.0.1:`port`, its working folder `dir`, saving nothing: the backend keeps nothing in
 * Redis that it cannot lose (DESIGN.md §7). Resolves once it answers PING.
 */
export async function startLocalRedis(options: { dir: string; port: number }): Promise<LocalRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: install it with \`node scripts/bootstrap.mjs cluster\` (as root) or apt-get install redis-server`,
    );
  }
  const { dir, port } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with ${child.exitCode} (port ${port} taken?)`);
    if (Date.now() > deadline) throw new Error('redis-server did not answer within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The `postgres` system user's uid (`-u`) or gid (`-g`). */
export function postgresUserId(flag: '-u' | '-g'): number {
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

/**
 * The postgres user must pass through the folders above its own. The data folder is owner-only (0700, it holds
 * secrets): it and the folders in it up to PostgreSQL's get the search bit for others (0711), so they can reach a
 * folder inside by name but list nothing, and the secret files in it stay 0600. A closed folder above `openFrom` is
 * not ours to open: that is said instead.
 */
function letThroughToPostgres(folder: string, openFrom: string | undefined): void {
  for (let at = folder; at !== dirname(at); at = dirname(at)) {
    const mode = statSync(at).mode & 0o777;
    const ours = openFrom !== undefined && (at === openFrom || at.startsWith(openFrom + sep));
    if ((mode & 0o001) !== 0) continue;
    if (!ours) {
      throw new Error(
        `PostgreSQL runs as the postgres user, who cannot reach ${folder}: ${at} is closed to others`,
      );
    }
    chmodSync(at, mode | 0o011);
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
