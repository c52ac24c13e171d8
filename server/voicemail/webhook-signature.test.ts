import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { ErrorCode, WEBHOOK_HEADERS } from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import type { ApiError } from '../http/api-error.ts';
import { openSqliteDatabase } from '../store/database.ts';
import { signedWebhookHeaders, webhookSecret, WebhookVerifier } from './webhook-signature.ts';

const SECRET = `whsec_${Buffer.from('a-shared-secret-of-32-bytes-long').toString('base64')}`;
const NOW = Date.parse('2026-11-22T20:00:00.000Z');

describe('webhook secret', () => {
  test('a Standard Webhooks secret (whsec_ and the base64 of 24–64 bytes) is taken as it is', () => {
    assert.equal(webhookSecret(SECRET, 'S'), SECRET);
  });

  test('a plain secret of the format before keeps its bytes as the key', () => {
    const plain = 'the-old-plain-secret';
    const converted = webhookSecret(plain, 'S');
    assert.equal(converted, `whsec_${Buffer.from(plain).toString('base64')}`);
    // The key is the one the old HMAC used: the library signs with exactly those bytes.
    const signed = new Webhook(converted).sign('hook_1', new Date(NOW), 'body');
    const expected = createHmac('sha256', plain)
      .update(`hook_1.${NOW / 1000}.body`)
      .digest('base64');
    assert.equal(signed, `v1,${expected}`);
  });

  test('an empty or malformed secret is refused with a message naming where it came from', () => {
    for (const value of [
      '',
      'whsec_',
      'whsec_not base64!',
      'whsec_YWJj',
      `whsec_${'A'.repeat(88)}`,
      'whsec_YWJjZA',
    ]) {
      assert.throws(
        () => webhookSecret(value, 'COUCHLINE_WEBHOOK_SECRET'),
        /^Error: COUCHLINE_WEBHOOK_SECRET /,
      );
    }
  });

  test("the configuration: a new install makes a whsec_ secret, an old install's file and a plain variable keep working", () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    try {
      const fresh = loadConfig({ COUCHLINE_DATA_DIR: dir }).webhookSecret;
      assert.match(fresh, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.equal(readFileSync(join(dir, 'webhook-secret'), 'utf8'), fresh);
      assert.equal(loadConfig({ COUCHLINE_DATA_DIR: dir }).webhookSecret, fresh, 'kept across restarts');

      writeFileSync(join(dir, 'webhook-secret'), 'k3Y-made_before-standard-webhooks0123456789');
      assert.equal(
        loadConfig({ COUCHLINE_DATA_DIR: dir }).webhookSecret,
        webhookSecret('k3Y-made_before-standard-webhooks0123456789', 'file'),
      );
      const env = (value: string) =>
        loadConfig({ COUCHLINE_DATA_DIR: dir, COUCHLINE_WEBHOOK_SECRET: value }).webhookSecret;
      assert.equal(env(SECRET), SECRET);
      assert.equal(env('operator-secret'), webhookSecret('operator-secret', 'env'));
      assert.throws(() => env('whsec_short'), /COUCHLINE_WEBHOOK_SECRET is not a Standard Webhooks secret/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('webhook verifier', () => {
  const headerOf = (headers: Record<string, string>) => (name: string) => headers[name];
  const body = new TextEncoder().encode('{"type":"call.ended"}');

  test('verifies the raw bytes as signed, and the timestamp against the clock it is given', async () => {
    const store = await openSqliteDatabase(':memory:');
    let clock = NOW;
    const verifier = new WebhookVerifier({ secret: SECRET, store, now: () => clock });
    const headers = signedWebhookHeaders(SECRET, body, { id: 'hook_1', at: NOW });
    assert.deepEqual(verifier.verify(body, headerOf(headers)), { id: 'hook_1', at: NOW });
    clock = NOW + 5 * 60_000;
    assert.ok(verifier.verify(body, headerOf(headers)), 'five minutes is still within the window');
    clock += 1000;
    assert.throws(
      () => verifier.verify(body, headerOf(headers)),
      (e: ApiError) => e.code === ErrorCode.WebhookStale && /301 s behind our clock/.test(e.message),
    );
    await store.close();
  });

  test('ids accepted are kept in the database: a replay is refused after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-ids-'));
    try {
      const path = join(dir, 'couchline.db');
      const headers = signedWebhookHeaders(SECRET, body, { at: NOW });
      const first = await openSqliteDatabase(path);
      const before = new WebhookVerifier({ secret: SECRET, store: first, now: () => NOW });
      await before.claim(before.verify(body, headerOf(headers)));
      await first.close();

      const second = await openSqliteDatabase(path);
      const after = new WebhookVerifier({ secret: SECRET, store: second, now: () => NOW + 60_000 });
      const replay = after.verify(body, headerOf(headers));
      await assert.rejects(after.claim(replay), (e: ApiError) => e.code === ErrorCode.WebhookReplayed);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the repository expires ids: once expired or purged, an id can be claimed again (its timestamp has refused it by then)', async () => {
    const store = await openSqliteDatabase(':memory:');
    assert.equal(await store.webhookIds.claim('hook_1', NOW + 1000, NOW), true);
    assert.equal(await store.webhookIds.claim('hook_1', NOW + 1000, NOW + 999), false);
    assert.equal(await store.webhookIds.claim('hook_2', NOW + 5000, NOW + 1000), true);
    assert.equal(
      await store.webhookIds.claim('hook_1', NOW + 9000, NOW + 1000),
      true,
      'expired: claimed anew',
    );
    assert.equal(await store.webhookIds.claim('hook_1', NOW + 9500, NOW + 2000), false, 'held again');
    assert.equal(await store.webhookIds.purgeExpired(NOW + 9000), 2);
    assert.equal(await store.webhookIds.claim('hook_1', NOW + 9999, NOW + 9000), true, 'purged');
    await store.close();
  });

  test('the verifier purges expired ids at most once a minute, not in every webhook', async () => {
    const store = await openSqliteDatabase(':memory:');
    let now = NOW;
    const purged: number[] = [];
    const verifier = new WebhookVerifier({
      secret: SECRET,
      store: {
        webhookIds: {
          claim: (id, expiresAt, at) => store.webhookIds.claim(id, expiresAt, at),
          purgeExpired: async (at) => {
            const count = await store.webhookIds.purgeExpired(at);
            purged.push(count);
            return count;
          },
        },
      },
      now: () => now,
    });
    await store.webhookIds.claim('hook_a', NOW - 1, NOW - 10_000);
    await verifier.forgetExpired();
    await store.webhookIds.claim('hook_b', NOW + 1000, NOW);
    now = NOW + 30_000;
    await verifier.forgetExpired(); // hook_b has expired, but the last purge was 30 s ago
    now = NOW + 60_000;
    await verifier.forgetExpired();
    assert.deepEqual(purged, [1, 1]);
    await store.close();
  });

  test('the headers are the Standard Webhooks ones, which its library verifies', () => {
    const headers = signedWebhookHeaders(SECRET, body);
    assert.deepEqual(Object.keys(headers).sort(), Object.values(WEBHOOK_HEADERS).sort());
    assert.deepEqual(new Webhook(SECRET).verify(body, headers), { type: 'call.ended' });
  });
});
