// The server half of the push fan-out benchmark: our real app (createApp) on a SQLite file, with N phone→STB
// relationships, run in its own process so its memory can be read on its own. Talks to the driver over IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { silentLogger } from '../server/log.ts';
import { openSqliteStore } from '../server/store/sqlite-store.ts';
import { Transcoder } from '../server/transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from '../server/voicemail/voicemail-server-client.ts';
import { openRelationship } from '../protocol/index.ts';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const secret = process.env.BENCH_WEBHOOK_SECRET ?? 'bench-secret';
const dir = mkdtempSync(join(tmpdir(), 'couchline-bench-'));
const store = openSqliteStore(join(dir, 'bench.db'));
const app = createApp({
  store,
  log: silentLogger,
  webhookSecret: secret,
  heartbeatMs: 30_000,
  // The fan-out path never calls the carrier or transcodes; these are here because the app needs them.
  voicemailServer: new HttpVoicemailServerClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'unused' }),
  transcoder: new Transcoder({ cacheDir: join(dir, 'transcoded'), log: silentLogger }),
});

const devices: { deviceId: string; token: string; mailbox: string }[] = [];
store.transaction(() => {
  // A household per phone and STB, as homes are: the policy engine works out each household's screens per alert,
  // so one household of a thousand screens would measure that, not the fan-out.
  for (let i = 0; i < connections; i++) {
    const household = store.createHousehold({ name: `bench ${i}` });
    const mailbox = String(5_050_000_000 + i);
    const phone = store.createDevice({
      householdId: household.id,
      kind: 'phone',
      name: `phone ${i}`,
      phoneNumber: mailbox,
      room: null,
      ownerName: `Owner ${i}`,
    });
    const stb = store.createDevice({
      id: `stb-${i}`,
      householdId: household.id,
      kind: 'stb',
      name: `STB ${i}`,
      phoneNumber: null,
      room: 'Living room',
      ownerName: 'Household',
    });
    store.addRelationship({ phoneId: phone.id, stbId: stb.id, contentType: 'voicemail' });
    // The household's rules (issue 4): the phone's voicemail goes to its STB, at any hour.
    store.setPolicy(household.id, {
      timeZone: 'UTC',
      callerIdOnTv: false,
      relationships: [openRelationship(`rel-${i}`, phone.id, stb.id)],
      privacy: {},
    });
    devices.push({ deviceId: stb.id, token: app.tokens.issue(stb.id), mailbox });
  }
});

const memory = () => {
  global.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
};

const { url } = await app.listen(0);
const idle = memory();
process.send!({ type: 'ready', url, devices, idle });

process.on('message', (message: { type: string }) => {
  if (message.type === 'memory')
    process.send!({ type: 'memory', memory: memory(), stats: app.gateway.stats() });
  if (message.type === 'stop') {
    void app.close().then(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
