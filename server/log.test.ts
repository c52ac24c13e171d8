import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import type { Device } from './identity/device-repository.ts';
import type { DeviceTokens } from './identity/tokens.ts';
import { requireDevice } from './http/device-auth.ts';
import { requestId } from './http/request-id.ts';
import { createLogger, type LogLevel } from './log.ts';
import { readableLine } from './log-lines.ts';
import { createTestApp } from '../tests/helpers/backend/test-app.ts';

/** A JSON logger writing into an array, one parsed object a line. */
function setup(level: LogLevel = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, {
    format: 'json',
    destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>) },
  });
  return { log, lines };
}

describe('the backend logger (pino): JSON lines with module, request, device and household', () => {
  test('a line is one JSON object: ISO time, level name, module, message and the fields', () => {
    const { log, lines } = setup();
    log.child('push').info('device connected', { deviceId: 'stb-1', replayed: 2 });
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line!['level'], 'info');
    assert.equal(line!['module'], 'push');
    assert.equal(line!['msg'], 'device connected');
    assert.deepEqual([line!['deviceId'], line!['replayed'], line!['pid']], ['stb-1', 2, process.pid]);
    assert.ok(!Number.isNaN(Date.parse(String(line!['time']))));
  });

  test('the level setting drops what is below it; a child names its own module once, and keeps its bindings', () => {
    const { log, lines } = setup('warn');
    const push = log.child('push', { householdId: 'hh-1' });
    push.info('not written');
    push.child('bus').warn('bus publish lost');
    log.error('failed', { error: 'boom' });
    assert.deepEqual(
      lines.map((l) => [l['level'], l['module'], l['msg'], l['householdId']]),
      [
        ['warn', 'bus', 'bus publish lost', 'hh-1'],
        ['error', 'couchline', 'failed', undefined],
      ],
    );
  });

  test('each HTTP request gets an id, answered in X-Request-Id and on its log lines with its device and household', async () => {
    const { log, lines } = setup();
    const device: Device = {
      id: 'stb-7',
      householdId: 'hh-7',
      kind: 'stb',
      name: 'Living room TV',
      phoneNumber: null,
      room: 'Living room',
      ownerName: 'Mary',
    };
    const tokens: Pick<DeviceTokens, 'check'> = {
      check: () => Promise.resolve({ status: 'valid', device }),
    };
    const app = new Hono();
    app.use('*', requestId());
    app.use('/device/*', requireDevice(tokens));
    app.get('/device/thing', (c) => {
      log.child('things').info('did a thing', { deviceId: 'given-wins' });
      return c.text('ok');
    });
    app.get('/open', (c) => {
      log.info('anonymous');
      return c.text('ok');
    });
    const res = await app.request('/device/thing', { headers: { authorization: 'Bearer t' } });
    const id = res.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    // The fields a caller gives win over what the context says.
    assert.deepEqual(
      [lines[0]!['requestId'], lines[0]!['deviceId'], lines[0]!['householdId']],
      [id, 'given-wins', 'hh-7'],
    );
    // A front door's id is kept; one that could forge a line is replaced.
    const kept = await app.request('/open', { headers: { 'x-request-id': 'lb-1234.abc' } });
    assert.equal(kept.headers.get('x-request-id'), 'lb-1234.abc');
    assert.equal(lines[1]!['requestId'], 'lb-1234.abc');
    assert.equal(lines[1]!['deviceId'], undefined);
    const forged = await app.request('/open', { headers: { 'x-request-id': 'x" {"level":"error"}' } });
    assert.match(forged.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    // Outside any request, no id.
    log.info('between requests');
    assert.equal(lines.at(-1)!['requestId'], undefined);
  });

  test("the app answers every route with X-Request-Id, an error's too", async () => {
    const h = await createTestApp();
    try {
      for (const path of ['/healthz', '/api/voicemail', '/no-such-route']) {
        const res = await h.app.http.request(path);
        assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, `${path}: ${res.status}`);
      }
    } finally {
      await h.close();
    }
  });

  test('in a terminal the same line reads as before pino: time, level, [module], message, the rest as JSON', () => {
    const json = JSON.stringify({
      level: 'warn',
      time: '2026-12-06T00:00:00.000Z',
      pid: 1,
      module: 'bus',
      msg: 'bus publish lost',
      deviceId: 'stb-1',
    });
    assert.equal(
      readableLine(json),
      '2026-12-06T00:00:00.000Z WARN  [bus] bus publish lost {"deviceId":"stb-1"}',
    );
    assert.equal(readableLine('not json\n'), 'not json');
  });
});
