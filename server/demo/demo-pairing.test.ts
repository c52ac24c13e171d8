import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { PairResponse } from '../../protocol/index.ts';
import { DEMO } from '../seed.ts';
import { startBackend, type Harness } from '../../tests/helpers/backend/harness.ts';

const JANE = '5055551313';

describe('a SIM in a paired phone (demo)', () => {
  let h: Harness;
  afterEach(() => h.close());

  const pair = async (deviceId: string) => {
    const res = await h.app.http.request('/api/demo/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId }),
    });
    return (await res.json()) as PairResponse;
  };
  // The SIM works on the carrier's SMS network, which the harness runs beside our backend.
  const send = (sim: { networkUrl: string; key: string }) =>
    fetch(`${sim.networkUrl}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: JANE, text: 'Hi' }),
    });

  test('pairing a phone puts a fresh SIM for its line in it; the previous one stops working; a TV gets none', async () => {
    h = await startBackend();
    const first = await pair(DEMO.devices.maryPhone.id);
    assert.equal(first.sim?.networkUrl, h.sms.url);
    assert.equal((await send(first.sim)).status, 202);
    const second = await pair(DEMO.devices.maryPhone.id);
    assert.equal((await send(first.sim)).status, 401);
    assert.equal((await send(second.sim!)).status, 202);
    assert.equal((await pair(DEMO.devices.livingRoom.id)).sim, undefined);
  });
});
