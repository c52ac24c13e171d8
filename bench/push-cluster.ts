// Push past one process: webhook → STB socket latency and memory per connection with the backend on PostgreSQL and
// Redis, one API process and two gateway processes, at 10,000 and 30,000 devices (beyond one process's socket
// cap), next to the embedded backend (SQLite, one process) at 10,000 in the same run; then a reconnect storm — the
// gateway holding 10,000 devices killed with SIGKILL while events wait for them — timed until every device is
// welcomed by the other gateway and has caught up.
//   npm run bench -- --cluster
//   node bench/push-cluster.ts --sizes 10000,30000 --embedded 10000 --alerts 2000 --rate 200
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ensureDatabase,
  freePort,
  startLocalPostgres,
  startLocalRedis,
  type LocalRedis,
} from '../scripts/cluster/local-engines.ts';
import { Forked, waitFor } from './forked.ts';
import type { BenchDevice, ClientOrder, ClientReply } from './push-clients.ts';
import { percentile } from './stats.ts';
import {
  BENCH_WEBHOOK_SECRET,
  latencyFigures,
  sendAlerts,
  wallClock,
  type LatencyFigures,
} from './webhook-load.ts';

/** Sockets per client process: well under the ~19,900 descriptors one process may hold here. */
const SOCKETS_PER_CLIENT = 12_000;
const GATEWAYS = 2;

interface Memory {
  rss: number;
  heapUsed: number;
}

/** A backend process's stalls while the alerts ran, in one line (push-cluster.ts and push-fanout.ts print it). */
export function describeStalls(st: Stalls): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return `event-loop delay p99 ${ms(st.loopP99Ms)}, max ${ms(st.loopMaxMs)}; ${st.gcCount} GC pauses, longest ${ms(st.gcMaxMs)}, ${ms(st.gcTotalMs)} in all`;
}

/** A backend process's stalls while the alerts ran (push-fanout-server.ts). */
export interface Stalls {
  loopP99Ms: number;
  loopMaxMs: number;
  gcCount: number;
  gcMaxMs: number;
  gcTotalMs: number;
}
type ServerOrder = { type: 'memory' | 'stalls' | 'stop' };
type ServerReply =
  | { type: 'ready'; url: string; devices: BenchDevice[]; idle: Memory; enrollSeconds: number }
  | { type: 'memory'; memory: Memory; stats: { authenticated: number } | undefined }
  | { type: 'stalls'; stalls: Stalls };
type Server = Forked<ServerOrder, ServerReply> & { url: string; idle: Memory };

async function startServer(env: Record<string, string>) {
  // BENCH_CPU_PROF_DIR: each backend process writes a CPU profile there (where its time goes, for issue 17).
  const profile = process.env.BENCH_CPU_PROF_DIR;
  const server = new Forked<ServerOrder, ServerReply>('push-fanout-server.ts', env, [
    '--expose-gc',
    ...(profile
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profile}`,
          `--cpu-prof-name=${env.BENCH_ROLES ?? 'embedded'}-${Date.now()}.cpuprofile`,
        ]
      : []),
  ]);
  const ready = await server.next('ready');
  const holder: Server = Object.assign(server, { url: ready.url, idle: ready.idle });
  return { server: holder, ready };
}

export interface FanoutFigures {
  label: string;
  connections: number;
  connected: number;
  enrollSeconds: number;
  connectSeconds: number;
  alerts: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  /** The warm-up alerts' own figures (a cold server), null without a warm-up. */
  cold: LatencyFigures | null;
  /** How long the API took to answer the carrier's webhook (the deposit committed). */
  webhookP50: number;
  webhookP99: number;
  /** The API process's event-loop delay and GC pauses while the alerts ran. */
  stalls: Stalls;
  /** Over the processes holding sockets. */
  rssPerConnectionKB: number;
  heapPerConnectionKB: number;
}

export interface StormFigures {
  devices: number;
  events: number;
  welcomedSeconds: number;
  handshakesPerSecond: number;
  caughtUpSeconds: number;
  welcomed: number;
  delivered: number;
}

/** The devices, split over client processes, each device on `urls[i % urls.length]`. */
async function connectClients(devices: BenchDevice[], urls: string[]) {
  const clients: Forked<ClientOrder, ClientReply>[] = [];
  const started = performance.now();
  const shares = Math.ceil(devices.length / SOCKETS_PER_CLIENT);
  await Promise.all(
    Array.from({ length: shares }, async (_, k) => {
      const client = new Forked<ClientOrder, ClientReply>('push-clients.ts', {});
      clients.push(client);
      const share = devices.slice(k * SOCKETS_PER_CLIENT, (k + 1) * SOCKETS_PER_CLIENT);
      const rotated = urls.map((_, j) => urls[(j + k * SOCKETS_PER_CLIENT) % urls.length]!);
      await client.ask({ type: 'connect', devices: share, urls: rotated }, 'connected');
    }),
  );
  return { clients, connectSeconds: (performance.now() - started) / 1000 };
}

async function arrivalsOf(clients: Forked<ClientOrder, ClientReply>[], into: Map<string, number>) {
  for (const client of clients) {
    const { arrivals } = await client.ask({ type: 'arrivals' }, 'arrivals');
    for (const [id, at] of arrivals) if (!into.has(id)) into.set(id, at);
  }
}

/**
 * One deployment under load: `servers` hold the sockets (their memory is what a connection costs), `api` takes the
 * webhooks. With `storm`, the reconnect storm follows on the same deployment.
 */
async function measure(
  label: string,
  api: { server: Server; url: string; devices: BenchDevice[]; enrollSeconds: number },
  socketHolders: Server[],
  options: { alerts: number; ratePerSec: number; warmup: number; storm?: { events: number } },
): Promise<{
  fanout: FanoutFigures;
  storm: StormFigures | null;
  clients: Forked<ClientOrder, ClientReply>[];
}> {
  const { devices } = api;
  const { clients, connectSeconds } = await connectClients(
    devices,
    socketHolders.map((s) => s.url),
  );
  const arrivals = new Map<string, number>();
  const phase = async (count: number, tag: string) => {
    const sent = await sendAlerts(api.url, devices, count, options.ratePerSec, tag);
    await waitFor(
      async () => (
        await arrivalsOf(clients, arrivals),
        [...sent.sentAt.keys()].every((id) => arrivals.has(id))
      ),
      15_000,
    );
    return { ...sent, latency: latencyFigures(sent.sentAt, arrivals) };
  };
  // A cold server first, left out of the figures (see push-fanout.ts, `warmup`).
  const cold = options.warmup > 0 ? (await phase(options.warmup, 'warmup')).latency : null;
  // The memory reading also starts the API process's stall counters.
  const loaded = await Promise.all(socketHolders.map((s) => s.ask({ type: 'memory' }, 'memory')));
  if (!socketHolders.includes(api.server)) await api.server.ask({ type: 'memory' }, 'memory');
  const { latency, answeredMs } = await phase(options.alerts, 'bench');
  // The API process's (or the one process's) event loop and GC while the alerts ran.
  const { stalls } = await api.server.ask({ type: 'stalls' }, 'stalls');
  const sum = (f: (i: number) => number) => socketHolders.reduce((total, _, i) => total + f(i), 0);
  const fanout: FanoutFigures = {
    label,
    connections: devices.length,
    connected: sum((i) => loaded[i]!.stats?.authenticated ?? 0),
    enrollSeconds: api.enrollSeconds,
    connectSeconds,
    alerts: options.alerts,
    ...latency,
    cold,
    webhookP50: percentile(answeredMs, 50),
    webhookP99: percentile(answeredMs, 99),
    stalls,
    rssPerConnectionKB:
      sum((i) => loaded[i]!.memory.rss - socketHolders[i]!.idle.rss) / devices.length / 1024,
    heapPerConnectionKB:
      sum((i) => loaded[i]!.memory.heapUsed - socketHolders[i]!.idle.heapUsed) / devices.length / 1024,
  };
  const storm = options.storm
    ? await reconnectStorm(api, socketHolders, clients, options.storm.events)
    : null;
  return { fanout, storm, clients };
}

/**
 * Every device onto the first gateway; that gateway frozen (SIGSTOP) while `events` voicemails are committed for
 * random devices, so they wait in the outbox unsent; then killed (SIGKILL). Every device goes straight to the
 * other gateway with its `lastSeq`: timed until all are welcomed, and until every waiting event has arrived.
 */
async function reconnectStorm(
  api: { url: string; devices: BenchDevice[] },
  [doomed, survivor]: Server[],
  clients: Forked<ClientOrder, ClientReply>[],
  events: number,
): Promise<StormFigures> {
  await Promise.all(clients.map((c) => c.ask({ type: 'move', url: doomed!.url }, 'moved')));
  process.kill(doomed!.child.pid!, 'SIGSTOP');
  const { sentAt } = await sendAlerts(api.url, api.devices, events, 500, 'storm');
  await Promise.all(clients.map((c) => c.ask({ type: 'fallback', url: survivor!.url }, 'fallback-set')));
  const killedAt = wallClock();
  process.kill(doomed!.child.pid!, 'SIGKILL');

  return timeCatchUp(clients, api.devices.length, sentAt, killedAt);
}

/**
 * The embedded backend's storm: its one process killed (SIGKILL) with `events` sent that the devices never took in
 * (they ignore them, as frames lost with the dying process would be), and started again on the same files and
 * port; every device reconnects with its `lastSeq` as soon as it can. Timed until all are welcomed and every
 * event has been replayed from the outbox.
 */
async function restartStorm(
  server: Server,
  ready: { devices: BenchDevice[] },
  clients: Forked<ClientOrder, ClientReply>[],
  events: number,
  env: Record<string, string>,
): Promise<{ figures: StormFigures; restarted: Server }> {
  await Promise.all(
    clients.map((c) => c.ask({ type: 'fallback', url: server.url, deaf: true }, 'fallback-set')),
  );
  const { sentAt } = await sendAlerts(server.url, ready.devices, events, 500, 'restart');
  const killedAt = wallClock();
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  process.kill(server.child.pid!, 'SIGKILL');
  await exited;
  const { server: restarted } = await startServer({
    ...env,
    BENCH_REOPEN: '1',
    BENCH_PORT: new URL(server.url).port,
  });
  const figures = await timeCatchUp(clients, ready.devices.length, sentAt, killedAt);
  return { figures, restarted };
}

/** From `killedAt`: until every device is welcomed again and every event in `sentAt` has arrived. */
async function timeCatchUp(
  clients: Forked<ClientOrder, ClientReply>[],
  devices: number,
  sentAt: Map<string, number>,
  killedAt: number,
): Promise<StormFigures> {
  const arrivals = new Map<string, number>();
  let welcomed = 0;
  let lastWelcomeAt = 0;
  await waitFor(async () => {
    const storms = await Promise.all(clients.map((c) => c.ask({ type: 'storm' }, 'storm')));
    welcomed = storms.reduce((n, s) => n + s.welcomed, 0);
    lastWelcomeAt = Math.max(...storms.map((s) => s.lastWelcomeAt));
    await arrivalsOf(clients, arrivals);
    return welcomed >= devices && [...sentAt.keys()].every((id) => arrivals.has(id));
  }, 120_000);
  const delivered = [...sentAt.keys()].filter((id) => arrivals.has(id));
  const lastArrival = Math.max(...delivered.map((id) => arrivals.get(id)!));
  const welcomedSeconds = (lastWelcomeAt - killedAt) / 1000;
  return {
    devices,
    events: sentAt.size,
    welcomed,
    delivered: delivered.length,
    welcomedSeconds,
    handshakesPerSecond: welcomed / welcomedSeconds,
    caughtUpSeconds: (Math.max(lastArrival, lastWelcomeAt) - killedAt) / 1000,
  };
}

export async function runPushCluster(options: {
  sizes: number[];
  embeddedAt: number;
  alerts: number;
  ratePerSec: number;
  warmup: number;
  stormAt: number;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-bench-cluster-'));
  // A durable PostgreSQL (fsync and synchronous commit on), as an operator runs it; in a folder of its own under
  // the open temp folder, which the postgres user can reach when we run as root.
  const postgresDir = mkdtempSync(join(tmpdir(), 'couchline-bench-postgres-'));
  const postgres = await startLocalPostgres({
    dir: postgresDir,
    port: await freePort(),
    disposable: process.env.BENCH_PG_DISPOSABLE === '1',
  });
  const figures: FanoutFigures[] = [];
  let storm: StormFigures | null = null;
  let restart: StormFigures | null = null;
  try {
    // The embedded backend first, measured the same way (its sockets in client processes too); then, with a
    // storm asked for, its one process killed and started again on the same files.
    {
      const env = {
        BENCH_CONNECTIONS: String(options.embeddedAt),
        BENCH_WEBHOOK_SECRET,
        BENCH_DATA_DIR: join(dir, 'embedded'),
      };
      mkdirSync(env.BENCH_DATA_DIR);
      const started = await startServer(env);
      const { ready } = started;
      let server = started.server;
      try {
        const run = await measure(
          'embedded (SQLite, one process)',
          { ...ready, server, url: server.url },
          [server],
          options,
        );
        figures.push(run.fanout);
        if (options.stormAt > 0) {
          const storm = await restartStorm(server, ready, run.clients, 1000, env);
          restart = storm.figures;
          server = storm.restarted;
        }
        for (const client of run.clients) await client.stop({ type: 'stop' });
      } finally {
        await server.stop({ type: 'stop' });
      }
    }
    for (const size of options.sizes) {
      await ensureDatabase(postgres, `bench_${size}`);
      const redis: LocalRedis = await startLocalRedis({
        dir: join(dir, `redis-${size}`),
        port: await freePort(),
      });
      const engines = {
        BENCH_WEBHOOK_SECRET,
        BENCH_DATABASE_URL: postgres.url(`bench_${size}`),
        BENCH_REDIS_URL: redis.url,
      };
      const { server: api, ready } = await startServer({
        ...engines,
        BENCH_CONNECTIONS: String(size),
        BENCH_ROLES: 'api',
      });
      const gateways: Server[] = [];
      for (let g = 0; g < GATEWAYS; g++) {
        gateways.push((await startServer({ ...engines, BENCH_ROLES: 'gateway' })).server);
      }
      try {
        const run = await measure(
          `cluster (PostgreSQL + Redis, API + ${GATEWAYS} gateways)`,
          { ...ready, server: api, url: api.url },
          gateways,
          { ...options, ...(size === options.stormAt ? { storm: { events: 1000 } } : {}) },
        );
        figures.push(run.fanout);
        storm = run.storm ?? storm;
        for (const client of run.clients) await client.stop({ type: 'stop' });
      } finally {
        for (const server of [...gateways, api]) await server.stop({ type: 'stop' });
        await redis.stop();
      }
    }
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(postgresDir, { recursive: true, force: true });
  }
  return { figures, storm, restart };
}

export function printPushCluster(r: Awaited<ReturnType<typeof runPushCluster>>): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const embedded = r.figures[0]!;
  console.log(
    `push past one process: webhook → STB socket, ${embedded.alerts} alerts per run to random devices; the devices in client processes of ${SOCKETS_PER_CLIENT.toLocaleString('en-US')} sockets`,
  );
  for (const f of r.figures) {
    const sameLoad = embedded.connections === f.connections && f !== embedded;
    console.log(
      `  ${f.label}, ${f.connections.toLocaleString('en-US')} devices (${f.connected} connected in ${f.connectSeconds.toFixed(1)} s; enrolled in ${f.enrollSeconds.toFixed(1)} s): ` +
        `${f.delivered}/${f.alerts} delivered, p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  max ${ms(f.max)}` +
        (sameLoad ? `  (p99 ${(f.p99 / embedded.p99).toFixed(2)}× embedded)` : ''),
    );
    console.log(
      `    webhook answered (committed): p50 ${ms(f.webhookP50)}  p99 ${ms(f.webhookP99)}; memory per connection, over the processes holding sockets: ${f.rssPerConnectionKB.toFixed(1)} KB RSS (${f.heapPerConnectionKB.toFixed(1)} KB JS heap)`,
    );
    if (f.cold) {
      console.log(
        `    (the ${f.cold.delivered} alerts before them, from a cold server, left out: p50 ${ms(f.cold.p50)}  p99 ${ms(f.cold.p99)}  max ${ms(f.cold.max)})`,
      );
    }
    console.log(`    the API process meanwhile: ${describeStalls(f.stalls)}`);
  }
  if (r.restart) {
    const s = r.restart;
    console.log(
      `  reconnect storm, embedded: its one process killed (SIGKILL) with ${s.devices.toLocaleString('en-US')} devices connected and ${s.events} events they had not taken in, then started again; ` +
        `${s.welcomed}/${s.devices} welcomed in ${s.welcomedSeconds.toFixed(1)} s from the kill (${Math.round(s.handshakesPerSecond)} handshakes/s), ` +
        `${s.delivered}/${s.events} events caught up in ${s.caughtUpSeconds.toFixed(1)} s (targets, issue 17: ≤ 30 s, ≥ 1,000 handshakes/s)`,
    );
  }
  if (r.storm) {
    const s = r.storm;
    console.log(
      `  reconnect storm, cluster: a gateway holding ${s.devices.toLocaleString('en-US')} devices killed (SIGKILL) with ${s.events} events committed and unsent; ` +
        `${s.welcomed}/${s.devices} welcomed by the other in ${s.welcomedSeconds.toFixed(1)} s (${Math.round(s.handshakesPerSecond)} handshakes/s), ` +
        `${s.delivered}/${s.events} events caught up in ${s.caughtUpSeconds.toFixed(1)} s`,
    );
  }
  console.log(
    '  targets (issue 16): cluster p99 within 1.5× of embedded at the same load; 10,000 devices caught up in ≤ 30 s',
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,30000' },
      embedded: { type: 'string', default: '10000' },
      alerts: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '200' },
      storm: { type: 'string', default: '10000' },
      warmup: { type: 'string', default: '400' },
    },
  });
  printPushCluster(
    await runPushCluster({
      sizes: values.sizes.split(',').filter(Boolean).map(Number),
      embeddedAt: Number(values.embedded),
      alerts: Number(values.alerts),
      ratePerSec: Number(values.rate),
      warmup: Number(values.warmup),
      stormAt: Number(values.storm),
    }),
  );
}
