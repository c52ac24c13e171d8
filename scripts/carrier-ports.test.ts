import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../server/config.ts';
import { carrierPorts } from './carrier-ports.ts';

test('the default ports are 8080–8085: 8080 ours, the rest the carriers’', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'couchline-ports-'));
  try {
    assert.equal(loadConfig({ COUCHLINE_DATA_DIR: dataDir }).port, 8080);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.deepEqual(carrierPorts({}), {
    voicemailServer: 8081,
    wirelessDirectory: 8082,
    cableDirectory: 8083,
    epg: 8084,
    smsNetwork: 8085,
  });
});

test('each carrier’s port from its own variable', () => {
  assert.deepEqual(
    carrierPorts({
      COUCHLINE_SIMULATOR_PORT: '9081',
      COUCHLINE_WIRELESS_DIRECTORY_PORT: '9082',
      COUCHLINE_CABLE_DIRECTORY_PORT: '9083',
      COUCHLINE_EPG_PORT: '0',
      COUCHLINE_SMS_NETWORK_PORT: '9085',
    }),
    { voicemailServer: 9081, wirelessDirectory: 9082, cableDirectory: 9083, epg: 0, smsNetwork: 9085 },
  );
  assert.throws(() => carrierPorts({ COUCHLINE_EPG_PORT: 'tv' }), /not a port number: tv/);
});
