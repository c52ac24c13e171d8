// `npm run start:cluster` ends here (after scripts/bootstrap.mjs cluster and the build): the product as a cluster on
// this machine (issue 16). PostgreSQL and Redis in the data folder on free loopback ports, one API process (with the
// simulated carriers beside it, as `npm start` runs them: scripts/product.ts) and two gateway processes
// (server/main.ts), all behind one URL: the front door (front-door.ts) on COUCHLINE_PORT (8080). The emulator, the
// phone and the setup page use that URL as they use `npm start`'s. Ctrl-C or SIGTERM stops what it started, by pid,
// in reverse order.
import { join } from 'node:path';
import { loadConfigOrExit } from '../../server/config.ts';
import { startBackendProcess, type BackendProcess } from './backend-process.ts';
import { FrontDoor } from './front-door.ts';
import { ensureDatabase, freePort, startLocalPostgres, startLocalRedis } from './local-engines.ts';

const GATEWAYS = 2;
const config = loadConfigOrExit();
const clusterDir = join(config.dataDir, 'cluster');
const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);
const relay = (name: string) => (line: string, stream: 'stdout' | 'stderr') =>
  (stream === 'stdout' ? process.stdout : process.stderr).write(`[${name}] ${line}\n`);

/** What was started, newest last; stopped from the end. */
const started: { name: string; stop: () => Promise<void> }[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const { name, stop } of started.reverse()) {
      say(`stopping ${name}`);
      await stop().catch((error: unknown) => say(`${name} did not stop cleanly: ${String(error)}`));
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const postgres = await startLocalPostgres({
    dir: join(clusterDir, 'postgres'),
    port: await freePort(),
    openFrom: config.dataDir,
  });
  started.push({ name: `PostgreSQL (pid ${postgres.pid})`, stop: () => postgres.stop() });
  await ensureDatabase(postgres, 'couchline');
  const redis = await startLocalRedis({ dir: join(clusterDir, 'redis'), port: await freePort() });
  started.push({ name: `Redis (pid ${redis.child.pid})`, stop: () => redis.stop() });
  say(`PostgreSQL on 127.0.0.1:${postgres.port} (data in ${clusterDir}/postgres), Redis on ${redis.url}`);

  // The door listens first: its port is taken or not before anything else starts, and its URL (COUCHLINE_PORT=0:
  // any free port) is the public one the API process puts in the codes TVs show.
  const door = new FrontDoor({ api: [], gateways: [], log: say });
  const url = await door.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is in use (is Couchline already running?); set COUCHLINE_PORT to use another`
        : error.message,
    );
  });
  started.push({ name: 'the front door', stop: () => door.close() });
  // Every process: the same data folder (its secrets), database and Redis; behind the door, on loopback.
  const shared = {
    COUCHLINE_DATA_DIR: config.dataDir,
    COUCHLINE_DATABASE_URL: postgres.url('couchline'),
    COUCHLINE_REDIS_URL: redis.url,
    COUCHLINE_HOST: '127.0.0.1',
    COUCHLINE_PORT: '0',
    COUCHLINE_PUBLIC_URL: config.publicUrl ?? url,
    // Their lines pass through this process: readable when it writes to a terminal, JSON otherwise (as they would).
    COUCHLINE_LOG_FORMAT: config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'),
  };
  const track = (name: string, process: BackendProcess) => {
    started.push({ name: `${name} (pid ${process.pid})`, stop: () => process.stop() });
    process.child.once('exit', (code, signal) => {
      if (!stopping) say(`${name} (pid ${process.pid}) exited (${code ?? signal}); the door skips it`);
    });
    return process;
  };
  const api = track(
    'api',
    await startBackendProcess({
      script: 'scripts/product.ts',
      // The door is on this machine: its X-Forwarded-For names each client for the per-source limits.
      env: { ...shared, COUCHLINE_ROLES: 'api', COUCHLINE_TRUSTED_PROXIES: '127.0.0.1' },
      onLine: relay('api'),
      timeoutMs: 120_000,
    }),
  );
  const gateways: BackendProcess[] = [];
  for (let n = 1; n <= GATEWAYS; n++) {
    const gateway = await startBackendProcess({
      env: { ...shared, COUCHLINE_ROLES: 'gateway' },
      onLine: relay(`gateway-${n}`),
    });
    gateways.push(track(`gateway-${n}`, gateway));
  }
  door.route({ api: [api.url], gateways: gateways.map((g) => g.url) });
  // One machine-readable line (tests read it), then the human summary.
  console.log(
    JSON.stringify({
      ready: true,
      url,
      // The simulators' URLs, as npm start's ready line gives them (scripts and tests leave voicemails with them).
      ...Object.fromEntries(Object.entries(api.said).filter(([key]) => key !== 'ready' && key !== 'url')),
      api: api.url,
      gateways: gateways.map((g) => g.url),
      pids: {
        api: api.pid,
        gateways: gateways.map((g) => g.pid),
        postgres: postgres.pid,
        redis: redis.child.pid,
      },
    }),
  );
  console.log(`
Couchline is running as a cluster at ${url}/  (the TV emulator; phone.html, account.html as with npm start)
  front door:  ${url}  → HTTP to the API process, /push sockets to the gateways in turn
  api:         ${api.url}  (pid ${api.pid}, with the simulated carriers)
${gateways.map((g, i) => `  gateway-${i + 1}:   ${g.url}  (pid ${g.pid})`).join('\n')}
  PostgreSQL:  127.0.0.1:${postgres.port} (pid ${postgres.pid})   Redis: ${redis.url} (pid ${redis.child.pid})
  Each process answers /healthz and /readyz. Ctrl-C stops them all.`);
} catch (error) {
  say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
