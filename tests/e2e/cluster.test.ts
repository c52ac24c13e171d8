import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { drawnTexts, launchChromium, leaveVoicemail, tvFrame, waitUntil } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface ClusterReady {
  url: string;
  simulatorUrl: string;
  api: string;
  gateways: string[];
  pids: { api: number; gateways: number[]; postgres: number; redis: number };
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The first-alert story on `npm run start:cluster` (scripts/cluster/cluster.ts, the build in dist/): PostgreSQL and
 * Redis in the data folder, one API process with the simulators, two gateways, the emulator through the front door.
 */
describe('end to end: the local cluster (npm run start:cluster)', () => {
  let dataDir: string;
  let child: ChildProcess;
  let cluster: ClusterReady;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'couchline-cluster-e2e-'));
    child = spawn(process.execPath, ['scripts/cluster/cluster.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_TEST_CONTEXT: undefined,
        COUCHLINE_DATA_DIR: dataDir,
        COUCHLINE_PORT: '0',
        COUCHLINE_SIMULATOR_PORT: '0',
        COUCHLINE_WIRELESS_DIRECTORY_PORT: '0',
        COUCHLINE_CABLE_DIRECTORY_PORT: '0',
        COUCHLINE_EPG_PORT: '0',
        COUCHLINE_SMS_NETWORK_PORT: '0',
        COUCHLINE_HEARTBEAT_MS: '2000',
        COUCHLINE_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output: string[] = [];
    cluster = await new Promise<ClusterReady>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the cluster did not start:\n${output.join('\n')}`)),
        90_000,
      );
      child.once('exit', (code) =>
        reject(new Error(`the cluster exited with ${code}:\n${output.join('\n')}`)),
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output.push(line);
        if (!line.startsWith('{"ready":true')) return;
        clearTimeout(timer);
        resolve(JSON.parse(line) as ClusterReady);
      });
    });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 820 });
    await page.goto(`${cluster.url}/?inspect&alertSeconds=600`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sockets held by the gateway processes (each answers /api/health for its own). */
  const gatewayConnections = async () => {
    let total = 0;
    for (const gateway of cluster.gateways) {
      total += ((await (await fetch(`${gateway}/api/health`)).json()) as { connections: number }).connections;
    }
    return total;
  };

  test('the TV, connected through the front door to a gateway, shows the voicemail the API process took in', async () => {
    const frame = await tvFrame(page);
    await waitUntil(async () => (await gatewayConnections()) >= 1, 'the living-room TV on a gateway');
    const api = (await (await fetch(`${cluster.api}/api/health`)).json()) as { connections: number };
    assert.equal(api.connections, 0, 'the API process holds no socket');
    await leaveVoicemail(cluster.simulatorUrl, 'Jane', 'Hi Mary, call me back');
    await waitUntil(
      async () => (await drawnTexts(frame)).includes('Voice mail from Jane 505-555-1313'),
      'the overlay',
    );
  });

  test('stopping it stops every process it started', async () => {
    const pids = [cluster.pids.api, ...cluster.pids.gateways, cluster.pids.postgres, cluster.pids.redis];
    assert.ok(pids.every(isRunning));
    child.kill('SIGTERM');
    await once(child, 'exit');
    await waitUntil(() => Promise.resolve(!pids.some(isRunning)), 'every process to stop', 10_000);
  });
});
