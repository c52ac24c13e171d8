import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
