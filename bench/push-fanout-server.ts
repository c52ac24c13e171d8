// The server half of the push fan-out benchmark: our real app (createApp) on a SQLite file, with N households of
// one phone and one STB each, run in its own process so its memory can be read on its own. The STBs are real
// devices of the cable operator's directory (its simulator, over HTTP), enrolled through the operator API as a
// provisioning system would — no token is written into the database. Talks to the driver over IPC.
//
// Past one process (bench/push-cluster.ts): BENCH_DATABASE_URL puts it on PostgreSQL, BENCH_REDIS_URL its bus,
// presence and shared state in Redis, and BENCH_ROLES makes it the API process (which seeds, enrolls and takes the
// webhooks) or one gateway process (which only holds sockets) — the same app `node server/main.ts` builds.
//
// Restarted after a kill (the embedded reconnect storm): BENCH_DATA_DIR keeps its files in a folder the driver
// owns, BENCH_PORT listens where the devices knew it, and BENCH_REOPEN=1 opens what is there instead of seeding.
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { HttpAccountDirectory } from '../server/accounts/account-directory.ts';
import { createHttpServer } from '../server/http/node-server.ts';
import { hashSecret } from '../server/identity/secrets.ts';
import { silentLogger } from '../server/log.ts';
import { createAccountDirectorySimulator } from '../carriers/account-directory/account-directory-simulator.ts';
import { openDatabase, openSqliteDatabase } from '../server/store/database.ts';
import { parseRoles } from '../server/cluster/cluster-settings.ts';
import { RedisPresence } from '../server/cluster/presence.ts';
import { RedisSharedState } from '../server/cluster/redis-shared-state.ts';
import { RedisBus } from '../server/push/redis-bus.ts';
import { Transcoder } from '../server/transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from '../server/voicemail/voicemail-server-client.ts';
import { openRelationship, type DirectoryKind } from '../protocol/index.ts';
import { enrollBoxes } from '../scripts/enroll-boxes.ts';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const secret = process.env.BENCH_WEBHOOK_SECRET ?? 'bench-secret';
const databaseUrl = process.env.BENCH_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL;
const roles = parseRoles(process.env.BENCH_ROLES ?? 'api,gateway');
const isApi = roles.has('api');
const OPERATOR_KEY = 'bench-operator-key';
const DIRECTORY_KEY = 'bench-directory-key';
const reopen = process.env.BENCH_REOPEN === '1';
const dir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'couchline-bench-'));
const store = databaseUrl
  ? await openDatabase({ engine: 'postgres', url: databaseUrl }, silentLogger)
  : await openSqliteDatabase(join(dir, 'bench.db'));
const shared = redisUrl
  ? {
      bus: new RedisBus({ url: redisUrl, log: silentLogger }),
      presence: new RedisPresence({ url: redisUrl, log: silentLogger }),
      sharedState: new RedisSharedState({ url: redisUrl, log: silentLogger }),
    }
  : null;
await shared?.bus.ready();

// The carriers' directories: the cable operator's holds one account with one box per home.
const directories = await Promise.all(
  (['wireless', 'cable'] as const).map(async (kind) => {
    const sim = createAccountDirectorySimulator({
      kind,
      carrierName: kind === 'cable' ? 'FXT Digital TV' : 'XYZ Wireless',
      dbPath: join(dir, `${kind}.db`),
      partnerApiKey: DIRECTORY_KEY,
      log: silentLogger,
    });
    const server = createHttpServer(sim.app.fetch);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { kind, sim, server, url };
  }),
);
const directory = (kind: DirectoryKind) => directories.find((d) => d.kind === kind)!;
const app = createApp({
  store,
  log: silentLogger,
  webhookSecret: secret,
  // BENCH_HEARTBEAT_MS: another interval (`BENCH_HEARTBEAT_MS=3600000 node bench/compare.ts …` leaves them out).
  heartbeatMs: Number(process.env.BENCH_HEARTBEAT_MS ?? 30_000),
  operatorKey: OPERATOR_KEY,
  directories: {
    wireless: new HttpAccountDirectory({
      kind: 'wireless',
      carrierName: 'XYZ Wireless',
      baseUrl: directory('wireless').url,
      apiKey: DIRECTORY_KEY,
    }),
    cable: new HttpAccountDirectory({
      kind: 'cable',
      carrierName: 'FXT Digital TV',
      baseUrl: directory('cable').url,
      apiKey: DIRECTORY_KEY,
    }),
  },
  // The fan-out path never calls the carrier or transcodes; these are here because the app needs them.
  voicemailServer: new HttpVoicemailServerClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'unused' }),
  transcoder: new Transcoder({ cacheDir: join(dir, 'transcoded'), log: silentLogger }),
  roles,
  ...(shared ?? {}),
});

const { url } = await app.listen(Number(process.env.BENCH_PORT ?? 0));
// The API process makes the households and enrolls the boxes; a gateway process only holds their sockets.
const { devices, enrollSeconds } =
  isApi && !reopen ? await seedAndEnroll() : { devices: [], enrollSeconds: 0 };

const memory = () => {
  global.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
};

// Where a stall comes from (issue 17): the event loop's delay and the garbage collector's pauses while alerts run,
// counted from the memory reading that precedes them.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
let gcPauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });
const stalls = () => ({
  loopP99Ms: loopDelay.percentile(99) / 1e6,
  loopMaxMs: loopDelay.max / 1e6,
  gcCount: gcPauses.length,
  gcMaxMs: Math.max(0, ...gcPauses),
  gcTotalMs: gcPauses.reduce((a, b) => a + b, 0),
});

const idle = memory();
process.send!({ type: 'ready', url, devices, idle, enrollSeconds });

process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') {
    process.send!({ type: 'memory', memory: memory(), stats: app.gateway?.stats() });
    loopDelay.reset();
    loopDelay.enable();
    gcPauses = [];
  }
  if (message.type === 'stalls') process.send!({ type: 'stalls', stalls: stalls() });
  // Counted from here, without the collection a memory reading forces (its pause would be counted as a stall).
  if (message.type === 'reset-stalls') {
    loopDelay.reset();
    loopDelay.enable();
    gcPauses = [];
    process.send!({ type: 'reset-stalls' });
  }
  if (message.type === 'stop') {
    void app.close().then(async () => {
      await store.close();
      await shared?.sharedState.close();
      await shared?.presence.close();
      await shared?.bus.close();
      for (const d of directories) {
        d.server.closeAllConnections();
        d.server.close();
        d.sim.close();
      }
      if (process.env.BENCH_DATA_DIR === undefined) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});

async function seedAndEnroll() {
  // One password hash for every bench account: scrypt takes ~50 ms on purpose, and nobody logs in here.
  const passwordHash = await hashSecret('bench-password-unused');
  const mailboxes = new Map<string, string>();
  await store.transaction(async () => {
    // A household per phone and STB, as homes are: the policy engine works out each household's screens per alert,
    // so one household of a thousand screens would measure that, not the fan-out. Each is the joint account of a
    // cable account (its box) with the phone's line, as the setup page would have made it.
    for (let i = 0; i < connections; i++) {
      const mailbox = String(5_050_000_000 + i);
      const box = {
        id: `stb-${i}`,
        kind: 'stb' as const,
        name: `STB ${i}`,
        room: 'Living room',
        phoneNumber: null,
        ownerName: 'Household',
      };
      directory('cable').sim.store.addAccount(
        { id: `cacct-${i}`, username: `bench-${i}`, passwordHash, holderName: `Owner ${i}` },
        [box],
      );
      const phone = {
        id: `phone-${i}`,
        kind: 'phone' as const,
        name: `phone ${i}`,
        room: null,
        phoneNumber: mailbox,
        ownerName: `Owner ${i}`,
      };
      const household = `ja-bench-${i}`;
      await store.accounts.create({
        id: household,
        name: `bench ${i}`,
        passwordHash,
        billingCode: `CL-${i}`,
        accounts: [
          { directory: 'cable', accountId: `cacct-${i}`, holderName: `Owner ${i}`, via: 'credentials' },
        ],
        devices: [phone, box],
      });
      // The household's rules (issue 4): the phone's voicemail goes to its STB, at any hour.
      await store.policies.set(household, {
        timeZone: 'UTC',
        callerIdOnTv: false,
        relationships: [openRelationship(`rel-${i}`, phone.id, box.id)],
        privacy: {},
      });
      mailboxes.set(box.id, mailbox);
    }
  });

  // What an operator's provisioning system does: enroll every box of these accounts with the operator key.
  const enrolled = await enrollBoxes({
    url,
    key: OPERATOR_KEY,
    accountIds: Array.from({ length: connections }, (_, i) => `cacct-${i}`),
  });
  if (enrolled.refused.length > 0)
    throw new Error(`enrollment refused: ${JSON.stringify(enrolled.refused[0])}`);
  const devices = enrolled.enrolled.map((e) => ({
    deviceId: e.deviceId,
    token: e.token,
    mailbox: mailboxes.get(e.deviceId)!,
  }));
  return { devices, enrollSeconds: enrolled.seconds };
}
