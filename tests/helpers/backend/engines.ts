import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import { silentLogger } from '../../../server/log.ts';
import type { DatabaseLocation } from '../../../server/store/database-location.ts';
import { openDatabase, type Database } from '../../../server/store/database.ts';
import { testPostgres } from './postgres.ts';

/** A database engine the backend runs on, as a test uses it. */
export interface EngineUnderTest {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A new, empty place for a database: a file in a temp folder, or a new database on the test PostgreSQL. */
  newLocation(): Promise<DatabaseLocation>;
  /** The backend's database at `location` (a new one when unset), migrated, as the backend opens it. */
  open(location?: DatabaseLocation): Promise<Database>;
}

const sqliteFolders: string[] = [];
process.once('exit', () => {
  for (const dir of sqliteFolders) rmSync(dir, { recursive: true, force: true });
});

export const SQLITE_ENGINE: EngineUnderTest = {
  name: 'SQLite',
  newLocation() {
    const dir = mkdtempSync(join(tmpdir(), 'couchline-store-'));
    sqliteFolders.push(dir);
    return Promise.resolve({ engine: 'sqlite', file: join(dir, 'couchline.db') });
  },
  async open(location) {
    return openDatabase(location ?? { engine: 'sqlite', file: ':memory:' }, silentLogger);
  },
};

let migratedTemplate: Promise<string> | undefined;

/**
 * A database the backend has migrated, closed again, for new test stores to copy: a test that builds an app
 * does not wait for every migration (the store's own tests migrate empty ones, `newLocation()`).
 */
function postgresTemplate(): Promise<string> {
  migratedTemplate ??= (async () => {
    const url = await (await testPostgres()).newDatabaseUrl();
    await (await openDatabase({ engine: 'postgres', url }, silentLogger)).close();
    return new URL(url).pathname.slice(1);
  })();
  return migratedTemplate;
}

export const POSTGRES_ENGINE: EngineUnderTest = {
  name: 'PostgreSQL',
  async newLocation() {
    return { engine: 'postgres', url: await (await testPostgres()).newDatabaseUrl() };
  },
  async open(location) {
    if (location) return openDatabase(location, silentLogger);
    const server = await testPostgres();
    const url = await server.newDatabaseUrl(await postgresTemplate());
    return openDatabase({ engine: 'postgres', url }, silentLogger);
  },
};

/** Runs `suite` once per engine, each in a `describe` named after it: the same tests, the same expectations. */
export function forEachEngine(suite: (engine: EngineUnderTest) => void): void {
  for (const engine of [SQLITE_ENGINE, POSTGRES_ENGINE]) describe(`on ${engine.name}`, () => suite(engine));
}

/**
 * The engine the backend's tests run on: SQLite, or PostgreSQL when `COUCHLINE_TEST_DATABASE=postgres` (the
 * server suite in the cluster's mode). Anything else is a mistake in the command, said as such.
 */
export function engineFromEnvironment(value = process.env.COUCHLINE_TEST_DATABASE): EngineUnderTest {
  if (value === undefined || value === '' || value === 'sqlite') return SQLITE_ENGINE;
  if (value === 'postgres') return POSTGRES_ENGINE;
  throw new Error(`COUCHLINE_TEST_DATABASE is 'sqlite' (the default) or 'postgres', not '${value}'`);
}
