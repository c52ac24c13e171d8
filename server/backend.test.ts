import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ErrorCode, type ErrorBody } from '../protocol/index.ts';
import { serveBackend } from './backend.ts';
import { loadConfig } from './config.ts';
import { silentLogger } from './log.ts';

// README: the demo's devices pair without approval "only while COUCHLINE_DEMO is not 0, and only while the backend
// listens on loopback (unless COUCHLINE_DEMO=1)". Our backend started as `node server/main.ts` starts it, from an
// environment (a fake one here): what it reads is what it does.
describe('the demo household, from the environment', () => {
  const root = mkdtempSync(join(tmpdir(), 'couchline-backend-env-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  let folders = 0;

  /** Starts our backend from `vars` on a free port, asks to pair the living-room TV as the emulator does, stops. */
  async function pairWith(vars: Record<string, string>): Promise<{ status: number; code?: string }> {
    const config = loadConfig({
      COUCHLINE_DATA_DIR: join(root, `data-${++folders}`),
      COUCHLINE_STATIC_DIR: root,
      COUCHLINE_PORT: '0',
      // Never called here: pairing does not reach the carrier.
      COUCHLINE_VOICEMAIL_SERVER_URL: 'http://127.0.0.1:9',
      ...vars,
    });
    const backend = await serveBackend(config, { log: silentLogger });
    try {
      const res = await fetch(`${backend.url.replace('0.0.0.0', '127.0.0.1')}/api/demo/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: 'stb-living-room' }),
      });
      const body = (await res.json()) as Partial<ErrorBody>;
      return { status: res.status, ...(body.error ? { code: body.error.code } : {}) };
    } finally {
      await backend.close();
    }
  }

  test('unset, on loopback: the demo TV pairs', async () => {
    assert.deepEqual(await pairWith({}), { status: 201 });
  });

  test('COUCHLINE_DEMO=0: no demo household, and its pairing is off', async () => {
    assert.deepEqual(await pairWith({ COUCHLINE_DEMO: '0' }), { status: 404, code: ErrorCode.DemoDisabled });
  });

  test('on every address (COUCHLINE_HOST=0.0.0.0): off, unless COUCHLINE_DEMO=1', async () => {
    assert.deepEqual(await pairWith({ COUCHLINE_HOST: '0.0.0.0' }), {
      status: 404,
      code: ErrorCode.DemoDisabled,
    });
    assert.deepEqual(await pairWith({ COUCHLINE_HOST: '0.0.0.0', COUCHLINE_DEMO: '1' }), { status: 201 });
  });
});
