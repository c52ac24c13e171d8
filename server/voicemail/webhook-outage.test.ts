import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ErrorCode } from '../../protocol/index.ts';
import {
  ensureDatabase,
  freePort,
  startLocalPostgres,
  type LocalPostgres,
} from '../../scripts/cluster/local-engines.ts';
import { POSTGRES_ENGINE } from '../../tests/helpers/backend/engines.ts';
import {
  createTestApp,
  startBackend,
  TEST_WEBHOOK_SECRET,
  TestDevice,
  type TestApp,
} from '../../tests/helpers/backend/harness.ts';
import { silentLogger } from '../log.ts';
import { DEMO } from '../seed.ts';
import { openDatabase } from '../store/database.ts';
import { signedWebhookHeaders } from './webhook-signature.ts';

const STB = DEMO.devices.livingRoom.id;
const MARY = DEMO.devices.maryPhone.phoneNumber;

/** The carrier's webhook for one voicemail, signed once: a retry sends these very bytes and headers again. */
function carrierWebhook(messageId: string) {
  const body = JSON.stringify({
    type: 'message.deposited',
    messageId,
    mailbox: MARY,
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: new Date().toISOString(),
    durationSec: 3,
    format: 'amr-nb',
  });
  const headers = { 'content-type': 'application/json', ...signedWebhookHeaders(TEST_WEBHOOK_SECRET, body) };
  return (app: Pick<TestApp, 'app'>) =>
    app.app.http.request('/hooks/voicemail', { method: 'POST', headers, body });
}

const voicemailsOf = (device: TestDevice, messageId: string) =>
  device
    .events()
    .filter((e) => e.name === 'voicemail.new' && (e.data as { messageId: string }).messageId === messageId);

describe('the carrier webhook while PostgreSQL is down (a server of the test’s own, stopped and started)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-pg-outage-'));
  let port: number;
  let server: LocalPostgres;

  before(async () => {
    port = await freePort();
    server = await startLocalPostgres({ dir, port, disposable: true });
    await ensureDatabase(server, 'couchline');
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('503 with Retry-After and nothing done; the carrier’s retry once it is back is delivered once', async () => {
    const store = await openDatabase({ engine: 'postgres', url: server.url('couchline') }, silentLogger);
    const h = await startBackend({ store });
    const device = await TestDevice.connect(h.wsUrl, await h.app.tokens.issue(STB));
    try {
      const send = carrierWebhook('vm-outage');
      await server.stop();

      const refused = await send(h);
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '5');
      assert.equal(
        ((await refused.json()) as { error: { code: string } }).error.code,
        ErrorCode.StoreUnavailable,
      );

      server = await startLocalPostgres({ dir, port, disposable: true });
      const retried = await send(h);
      assert.equal(retried.status, 202, await retried.clone().text());
      assert.deepEqual(((await retried.json()) as { recipients: string[] }).recipients.includes(STB), true);
      // The carrier retries once more (our answer was lost): refused as a replay, nothing sent twice.
      assert.equal((await send(h)).status, 409);

      // The device's socket outlived the outage: the event comes live, and a later voicemail is the barrier after
      // which a duplicate would have arrived.
      await device.next(
        (f) => f.type === 'event' && (f.data as { messageId?: string }).messageId === 'vm-outage',
      );
      assert.equal((await carrierWebhook('vm-after')(h)).status, 202);
      await device.next(
        (f) => f.type === 'event' && (f.data as { messageId?: string }).messageId === 'vm-after',
      );
      assert.equal(voicemailsOf(device, 'vm-outage').length, 1);
    } finally {
      await device.close();
      await h.close();
    }
  });
});

describe('one webhook at two API processes at once (one PostgreSQL database)', () => {
  test('one is processed: one outbox row per device, the other answered as a replay', async () => {
    const location = await POSTGRES_ENGINE.newLocation();
    const first = await createTestApp({ store: await POSTGRES_ENGINE.open(location) });
    const second = await createTestApp({ store: await POSTGRES_ENGINE.open(location) });
    try {
      const send = carrierWebhook('vm-twice');
      const statuses = (await Promise.all([send(first), send(second)])).map((r) => r.status).sort();
      assert.deepEqual(statuses, [202, 409]);
      const rows = (await first.store.outbox.pending(STB, 0, Date.now())).filter((e) =>
        e.id.endsWith(':vm-twice'),
      );
      assert.equal(rows.length, 1);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
