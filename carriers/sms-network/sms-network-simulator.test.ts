import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  ErrorCode,
  type ErrorBody,
  type LineFeed,
  type SmsAccepted,
  type SmsStatusView,
} from '../../protocol/index.ts';
import { silentLogger } from '../kit/log.ts';
import { createSmsNetworkSimulator, type SmsNetworkSimulator } from './sms-network-simulator.ts';

const MARY = '5055551212';
const SIMON = '5055551414';
const JANE = '5055551313';

describe('SMS network simulator', () => {
  let sim: SmsNetworkSimulator;
  afterEach(() => sim.close());

  function start() {
    sim = createSmsNetworkSimulator({
      dbPath: ':memory:',
      log: silentLogger,
      deliveryDelayMs: 20,
      maxWaitMs: 2000,
    });
    return { mary: sim.addLine(MARY, 'Mary')!, simon: sim.addLine(SIMON, 'Simon')! };
  }
  async function call<T>(method: string, path: string, key: string | null, body?: unknown) {
    const res = await sim.app.request(path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T & ErrorBody };
  }

  test('a text between two of its lines: accepted, then in the other line’s feed, and reported delivered', async () => {
    const { mary, simon } = start();
    const sent = await call<SmsAccepted>('POST', '/v1/messages', mary, {
      to: '505-555-1414',
      text: 'On my way <b>home</b>',
    });
    assert.equal(sent.status, 202);
    // Simon's handset waits for news (long poll) and gets the text as typed.
    const feed = await call<LineFeed>('GET', '/v1/feed?after=0&waitMs=1500', simon);
    assert.deepEqual(
      feed.body.events.map((e) => (e.type === 'sms.received' ? [e.type, e.from, e.text] : [e.type])),
      [['sms.received', MARY, 'On my way <b>home</b>']],
    );
    const report = await call<LineFeed>('GET', '/v1/feed?after=0&waitMs=1500', mary);
    assert.deepEqual(
      report.body.events.map((e) => (e.type === 'sms.report' ? [e.messageId, e.status] : [])),
      [[sent.body.messageId, 'delivered']],
    );
    const status = await call<SmsStatusView>('GET', `/v1/messages/${sent.body.messageId}`, mary);
    assert.equal(status.body.status, 'delivered');
    // Only the sender may ask about its text.
    assert.equal((await call('GET', `/v1/messages/${sent.body.messageId}`, simon)).status, 404);
  });

  test('a failure configured for a number is reported with its reason', async () => {
    const { mary } = start();
    assert.equal(
      (await call('POST', '/faults', null, { number: JANE, fail: true, reason: 'number unreachable' }))
        .status,
      204,
    );
    const sent = await call<SmsAccepted>('POST', '/v1/messages', mary, { to: JANE, text: 'Hi' });
    const feed = await call<LineFeed>('GET', '/v1/feed?after=0&waitMs=1500', mary);
    const [report] = feed.body.events;
    assert.deepEqual(report?.type === 'sms.report' && [report.messageId, report.status, report.reason], [
      sent.body.messageId,
      'failed',
      'number unreachable',
    ]);
    await call('POST', '/faults', null, { number: JANE, fail: false });
    await call('POST', '/v1/messages', mary, { to: JANE, text: 'Hi again' });
    const next = await call<LineFeed>(`GET`, `/v1/feed?after=${report!.seq}&waitMs=1500`, mary);
    assert.equal(next.body.events[0]?.type === 'sms.report' && next.body.events[0].status, 'delivered');
  });

  test('someone outside texts a line; a feed with nothing new waits, then answers empty', async () => {
    const { mary } = start();
    const started = Date.now();
    const empty = await call<LineFeed>('GET', '/v1/feed?after=0&waitMs=300', mary);
    assert.deepEqual(empty.body.events, []);
    assert.ok(Date.now() - started >= 250);
    assert.equal(
      (await call('POST', '/inbound', null, { from: JANE, to: MARY, text: 'Call me' })).status,
      201,
    );
    const feed = await call<LineFeed>('GET', '/v1/feed?after=0', mary);
    assert.equal(feed.body.events[0]?.type === 'sms.received' && feed.body.events[0].text, 'Call me');
    assert.equal(
      (await call('POST', '/inbound', null, { from: JANE, to: '5055550000', text: 'x' })).status,
      404,
    );
  });

  test('no SIM, a wrong SIM, an empty or oversized text: refused, nothing sent', async () => {
    const { mary } = start();
    assert.equal((await call('POST', '/v1/messages', null, { to: JANE, text: 'Hi' })).status, 401);
    const wrong = await call('POST', '/v1/messages', 'not-a-sim', { to: JANE, text: 'Hi' });
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, ErrorCode.AuthInvalidDevice]);
    assert.deepEqual(
      (await call('POST', '/v1/messages', mary, { to: JANE, text: '   ' })).body.error.details,
      { field: 'text' },
    );
    assert.equal(
      (await call('POST', '/v1/messages', mary, { to: JANE, text: 'x'.repeat(1601) })).status,
      400,
    );
    // A reissued SIM key replaces the old one.
    const fresh = sim.reissueSimKey(MARY);
    assert.equal((await call('POST', '/v1/messages', mary, { to: JANE, text: 'Hi' })).status, 401);
    assert.equal((await call('POST', '/v1/messages', fresh, { to: JANE, text: 'Hi' })).status, 202);
  });
});
