import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The address a request came from, for per-source limits: the socket's peer. Forwarded-for headers are not
 * trusted (anyone can send one); behind a proxy every request counts as the proxy's. In-process requests
 * (`app.request()` in tests) have no socket and count as 'local'.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}
