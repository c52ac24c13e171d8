/**
 * Whether `error` says the database could not be reached — as opposed to a statement it refused. A request that
 * fails so has committed nothing (its transaction never began, or was lost with the connection), so the HTTP edge
 * answers 503 with Retry-After and the caller, a carrier's webhook above all, retries it as it is.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
    // Redis, holding the sessions and other short-lived shared state (cluster/shared-state.ts), is away.
    if (code === 'SHARED_STATE_UNAVAILABLE') return true;
    // node:sqlite: the file stayed locked by another writer past busy_timeout.
    const errcode = (e as { errcode?: unknown }).errcode;
    if (errcode === SQLITE_BUSY || errcode === SQLITE_LOCKED) return true;
    if (PG_CONNECTION_MESSAGES.some((m) => e instanceof Error && e.message.startsWith(m))) return true;
  }
  return false;
}

/** The socket to the server failed: refused (stopped), reset (killed), timed out or gone. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is not there for us: class 08 (connection exception), 53300 (too many
 * connections), 57P01-57P03 (shut down by an administrator or a crash, or still starting).
 */
function isUnavailableSqlState(code: string): boolean {
  return (
    (code.length === 5 && code.startsWith('08')) ||
    code === '53300' ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03'
  );
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

/** What `pg` says, with no code, when a pooled connection dies under a query or cannot be made in time. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
];
