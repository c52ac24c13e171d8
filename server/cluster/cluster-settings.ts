/** What a backend process does: the HTTP API and carrier webhooks, the push gateway's sockets, or both. */
export type Role = 'api' | 'gateway';

export const ROLES: readonly Role[] = ['api', 'gateway'];

/** How this process takes part in a deployment (issue 16): its roles, and the Redis the processes share. */
export interface ClusterSettings {
  roles: ReadonlySet<Role>;
  /** `redis://…`: the bus and shared presence between processes; null for the embedded in-process bus. */
  redisUrl: string | null;
}

/**
 * Reads COUCHLINE_ROLES (`api`, `gateway` or `api,gateway`; both when unset) and COUCHLINE_REDIS_URL.
 *
 * A process without both roles is one of several sharing a database, and they can only reach each other through
 * Redis: an API process announces a committed event to the gateway holding the device's socket, and asks Redis
 * whether a device is online. Without Redis such a process would accept deposits that reach no socket until the
 * device reconnects, so it is refused at start rather than left to fail quietly.
 */
export function clusterSettings(env: {
  COUCHLINE_ROLES?: string;
  COUCHLINE_REDIS_URL?: string;
}): ClusterSettings {
  const roles = parseRoles(env.COUCHLINE_ROLES);
  const redisUrl = parseRedisUrl(env.COUCHLINE_REDIS_URL);
  if (roles.size < ROLES.length && redisUrl === null) {
    throw new Error(
      `COUCHLINE_ROLES=${[...roles].join(',')} needs COUCHLINE_REDIS_URL (redis://host:port): a process with one ` +
        'role shares the database with processes of the other, and reaches them only through Redis',
    );
  }
  return { roles, redisUrl };
}

export function parseRoles(value: string | undefined): ReadonlySet<Role> {
  if (value === undefined || value.trim() === '') return new Set(ROLES);
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(ROLES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `COUCHLINE_ROLES is api, gateway or api,gateway, not '${value}' (unknown: ${unknown.map((n) => `'${n}'`).join(', ')})`,
    );
  }
  return new Set(names as Role[]);
}

function parseRedisUrl(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('COUCHLINE_REDIS_URL is not a URL (redis://host:port expected)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`COUCHLINE_REDIS_URL must be a redis:// or rediss:// URL, not ${url.protocol}//…`);
  }
  if (url.hostname === '') throw new Error('COUCHLINE_REDIS_URL names no host (redis://host:port expected)');
  return value;
}

/** The roles as people read them in logs and health answers: `api`, `gateway` or `api,gateway`. */
export function rolesName(roles: ReadonlySet<Role>): string {
  return ROLES.filter((role) => roles.has(role)).join(',');
}
