import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

declare module 'hono' {
  interface ContextVariableMap {
    /** The peer a trusted proxy says it forwarded this request for (see {@link trustProxies}). */
    forwardedFor: string;
  }
}

/**
 * The address a request came from, for per-source limits: the socket's peer, or — when that peer is a proxy the
 * operator named as ours (COUCHLINE_TRUSTED_PROXIES) — the address that proxy put in `X-Forwarded-For`. Without
 * that, behind a front door every request would count as the door's, and one guesser could use up everyone's
 * limits. In-process requests (`app.request()` in tests) have no socket and count as 'local'.
 */
export function clientAddress(c: Context): string {
  const forwarded = c.get('forwardedFor');
  if (forwarded !== undefined) return sourceOf(forwarded);
  return sourceOf(peerOf(c) ?? 'local');
}

/**
 * Believes `X-Forwarded-For` from these peers only (a header anyone else sends is ignored: it can say anything).
 * The last address in it is the one our proxy appended; addresses before it came with the request from outside
 * and are not believed either.
 */
export function trustProxies(proxies: readonly string[]): MiddlewareHandler {
  const trusted = new Set(proxies.map(unmapped));
  return async (c, next) => {
    const peer = peerOf(c);
    if (peer !== undefined && trusted.has(unmapped(peer))) {
      const last = addressOf(c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() ?? '');
      if (last) c.set('forwardedFor', last);
    }
    await next();
  };
}

/**
 * The address in one `X-Forwarded-For` entry, which some balancers write with a port (`192.0.2.1:1234`,
 * `[2001:db8::1]:1234`); null when it holds no address.
 */
function addressOf(entry: string): string | null {
  if (isIP(entry)) return entry;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry)?.[1];
  if (bracketed && isIP(bracketed) === 6) return bracketed;
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry)?.[1];
  return withPort && isIP(withPort) === 4 ? withPort : null;
}

/** The socket's peer address, or undefined for an in-process request. */
function peerOf(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** An IPv4 address mapped into IPv6 (`::ffff:a.b.c.d`) as plain IPv4. */
function unmapped(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
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
