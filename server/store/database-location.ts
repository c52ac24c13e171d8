/**
 * Which engine keeps the backend's data, and where: the embedded SQLite file (no setting, as `npm start` runs), or
 * a PostgreSQL server named by `COUCHLINE_DATABASE_URL` (past one machine, DESIGN.md §7).
 */
export type DatabaseLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

const POSTGRES_SCHEMES = new Set(['postgres:', 'postgresql:']);

/**
 * The location a setting names: `url` unset or empty → the SQLite `sqliteFile`; a `postgres://` (or
 * `postgresql://`) URL → that server. Throws a message naming the setting for anything else. The message never
 * repeats a password the URL holds.
 */
export function databaseLocation(url: string | undefined, sqliteFile: string): DatabaseLocation {
  if (url === undefined || url.trim() === '') return { engine: 'sqlite', file: sqliteFile };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      'COUCHLINE_DATABASE_URL is not a URL: it takes postgres://user:password@host:port/database (unset: SQLite)',
    );
  }
  if (!POSTGRES_SCHEMES.has(parsed.protocol)) {
    throw new Error(
      `COUCHLINE_DATABASE_URL names a ${parsed.protocol.replace(/:$/, '')} database; Couchline runs on PostgreSQL ` +
        '(postgres://user:password@host:port/database) or, with the setting unset, on its embedded SQLite',
    );
  }
  // A socket folder can stand in for the host (postgres:///db?host=/run/postgresql), as libpq allows.
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
    throw new Error(
      `COUCHLINE_DATABASE_URL names no server: ${redactedUrl(parsed)} (postgres://host:port/database)`,
    );
  }
  if (parsed.pathname.replace(/^\//, '') === '') {
    throw new Error(
      `COUCHLINE_DATABASE_URL names no database: ${redactedUrl(parsed)} (postgres://host:port/database)`,
    );
  }
  return { engine: 'postgres', url };
}

/** The URL as it may be shown: the password replaced by `***`. */
export function redactedUrl(url: URL | string): string {
  const copy = new URL(url);
  if (copy.password) copy.password = '***';
  return copy.toString();
}
