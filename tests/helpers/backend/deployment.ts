import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendProcess } from '../../../scripts/cluster/backend-process.ts';
import { DEMO } from '../../../server/seed.ts';
import type { DatabaseLocation } from '../../../server/store/database-location.ts';
import { signedWebhookHeaders } from '../../../server/voicemail/webhook-signature.ts';
import type { EngineUnderTest } from './engines.ts';
import { TEST_WEBHOOK_SECRET } from './test-app.ts';

const folders: string[] = [];
process.once('exit', () => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * What every backend process of one deployment shares, as `node server/main.ts` reads it from its environment: the
 * data folder (secrets), the database (a file there on SQLite, a new database on the test PostgreSQL) and Redis.
 */
export async function deployment(engine: EngineUnderTest, redisUrl?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'couchline-deployment-'));
  folders.push(dataDir);
  const location: DatabaseLocation =
    engine.name === 'PostgreSQL'
      ? await engine.newLocation()
      : { engine: 'sqlite', file: join(dataDir, 'couchline.db') };
  const env = {
    COUCHLINE_DATA_DIR: dataDir,
    COUCHLINE_DATABASE_URL: location.engine === 'postgres' ? location.url : undefined,
    COUCHLINE_REDIS_URL: redisUrl,
    COUCHLINE_PORT: '0',
    COUCHLINE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    // Never called here: no test listens to a message.
    COUCHLINE_VOICEMAIL_SERVER_URL: 'http://127.0.0.1:9',
    COUCHLINE_LOG_LEVEL: 'warn',
  };
  return { location, env };
}

/** The carrier's signed webhook for a voicemail left for Mary, sent to a process of the deployment. */
export async function depositAt(api: Pick<BackendProcess, 'url'>, messageId: string): Promise<Response> {
  const body = JSON.stringify({
    type: 'message.deposited',
    messageId,
    mailbox: DEMO.devices.maryPhone.phoneNumber,
    callerName: 'Jane',
    callerNumber: '5055551313',
    receivedAt: new Date().toISOString(),
    durationSec: 3,
    format: 'amr-nb',
  });
  return fetch(`${api.url}/hooks/voicemail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedWebhookHeaders(TEST_WEBHOOK_SECRET, body) },
    body,
  });
}
