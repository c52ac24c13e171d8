import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The address a request came from, for per-source limits: the socket's peer. Forwarded-for headers are not
 * trusted (anyone can send one); behind a proxy every request counts as the proxy's. In-process requests
 * (`app.request()` in tests) have no socket and count as 'local'.
 */
export function clientAddress(c: Context): string {
  try {
    return sourceOf(getConnInfo(c).remote.address);
  } catch {
    return 'local';
  }
}

/**
 * The source a peer address counts as: an IPv4 address as it is (also when mapped into IPv6), an IPv6 address by
 * its /64 — one subscriber holds a whole /64, and counting single addresses would give them 2^64 sources.
 */
export function sourceOf(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (address.includes(':')) return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  return address;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = address.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
}
