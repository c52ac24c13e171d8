import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';

let h: Harness;

describe('bodies over the limit', () => {
  afterEach(() => h.close());

  test('a 413 closes the keep-alive connection, so the next request is never parsed out of the leftovers', async () => {
    h = await startBackend();
    const { port } = new URL(h.url);
    const socket = connect(Number(port), '127.0.0.1');
    const body = JSON.stringify({ deviceId: 'x'.repeat(20_000) });
    const request = (path: string, payload: string) =>
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // Two requests on one connection: an oversized one, then a small valid one right behind it.
    socket.write(request('/api/demo/pair', body) + request('/api/demo/pair', '{"deviceId":"stb-bedroom"}'));
    await Promise.race([
      closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 3000)),
    ]);
    assert.match(received, /^HTTP\/1\.1 413 /);
    assert.match(received, /\r\nconnection: close\r\n/i);
    // Exactly one response: the second request was not answered from the middle of the first one's body.
    assert.equal(received.match(/HTTP\/1\.1 /g)?.length, 1);
  });
});
