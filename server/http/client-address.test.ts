import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';
import { START_LIMITS } from '../enrollment/device-codes.ts';
import { sourceOf } from './client-address.ts';

describe('the source a request counts as, for per-source limits', () => {
  test('IPv4 as it is, also mapped into IPv6', () => {
    assert.equal(sourceOf('203.0.113.7'), '203.0.113.7');
    assert.equal(sourceOf('::ffff:203.0.113.7'), '203.0.113.7');
  });

  test('IPv6 by its /64, however it is written', () => {
    const a = sourceOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    assert.equal(a, '2001:db8:1:2::/64');
    assert.equal(sourceOf('2001:db8:1:2::1'), a);
    assert.equal(sourceOf('2001:db8:1:2:ffff::9'), a);
    assert.notEqual(sourceOf('2001:db8:1:3::1'), a);
    assert.equal(sourceOf('::1'), '0:0:0:0::/64');
  });

  test('no address at all is one source, not none', () => {
    assert.equal(sourceOf(undefined), 'unknown');
  });
});

// Behind our front door every request comes from its address: per-source limits must count the client it names,
// and only when the operator said that peer is ours. Real sockets: the peer address is the point.
describe('the client behind a trusted proxy', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const A_TV = { kind: 'stb', platform: 'Samsung Tizen', model: 'UE55TU8000', appVersion: '0.1.0' };
  /** Asks for enrollment codes as if for `forwardedFor` until refused; how many were given. */
  async function codesUntilRefused(forwardedFor: string): Promise<number> {
    for (let given = 0; given < 100; given++) {
      const res = await fetch(`${h!.url}/api/enroll/codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify(A_TV),
      });
      await res.body?.cancel();
      if (res.status === 429) return given;
      assert.equal(res.status, 201);
    }
    return Infinity;
  }

  test('from a trusted proxy, the last X-Forwarded-For address is the source: one client cannot use up another’s limit', async () => {
    h = await startBackend({ trustedProxies: ['127.0.0.1'] });
    assert.equal(await codesUntilRefused('203.0.113.1'), START_LIMITS[0]!.max);
    // Another client behind the same door still gets its codes; a spoofed address before ours changes nothing.
    assert.equal(await codesUntilRefused('203.0.113.1, 203.0.113.2'), START_LIMITS[0]!.max);
    assert.equal(await codesUntilRefused('198.51.100.9, 203.0.113.1'), 0);
    // Written with a port, as some balancers do: the same client.
    assert.equal(await codesUntilRefused('203.0.113.1:50123'), 0);
    assert.equal(await codesUntilRefused('[2001:db8::7]:443'), START_LIMITS[0]!.max);
  });

  test('from any other peer the header is not believed: every request counts as the peer', async () => {
    h = await startBackend({ trustedProxies: ['192.0.2.1'] });
    assert.equal(await codesUntilRefused('203.0.113.1'), START_LIMITS[0]!.max);
    assert.equal(await codesUntilRefused('203.0.113.2'), 0);
  });
});
