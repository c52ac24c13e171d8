// Push fan-out: with N STBs connected, how long from the voicemail webhook to the event on the target STB's
// socket (p50/p99/max), and how much server memory each connection costs.
//   npm run bench                        # 1,000 connections
//   npm run bench -- --connections 10000
//   node bench/push-fanout.ts --server ../wt-old/bench/push-fanout-server.ts   another checkout's server, this driver
//   node bench/push-fanout.ts --stalls   also the server's event-loop delay and GC pauses over the measured alerts
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { describeStalls, type Stalls } from './push-cluster.ts';
import { BENCH_WEBHOOK_SECRET, latencyFigures, sendAlerts, wallClock } from './webhook-load.ts';

interface Ready {
  type: 'ready';
  url: string;
  devices: { deviceId: string; token: string; mailbox: string }[];
  idle: { rss: number; heapUsed: number };
  /** How long the operator API took to enroll every STB. */
  enrollSeconds: number;
}
interface MemoryReply {
  type: 'memory';
  memory: { rss: number; heapUsed: number; external: number };
  stats: { authenticated: number };
}

export interface PushFanoutOptions {
  connections: number;
  alerts: number;
  ratePerSec: number;
  /**
   * Alerts sent first and left out of the figures (their own p99 is printed apart): the server's first webhooks
   * compile and JIT the deposit path, and meet the major GC that follows the sockets' connecting — a cold start,
   * which a long-running server goes through once.
   */
  warmup: number;
  /** Another checkout's server half (bench/compare.ts), driven by this driver. */
  serverScript?: string;
  /**
   * Also read the server's event-loop delay and GC pauses over the measured alerts (its counters are reset between
   * the warm-up and them). Not for a checkout older than the server's `reset-stalls` answer.
   */
  stalls?: boolean;
}

export async function runPushFanout(options: PushFanoutOptions) {
  const server: ChildProcess = fork(
    options.serverScript ?? join(import.meta.dirname, 'push-fanout-server.ts'),
    [],
    {
      env: {
        ...process.env,
        BENCH_CONNECTIONS: String(options.connections),
        BENCH_WEBHOOK_SECRET,
      },
      // BENCH_SERVER_NODE_ARGS: more flags for the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
      execArgv: ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    },
  );
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (message: { type: string }) => {
        if (message.type !== type) return;
        server.off('message', on);
        resolve(message as T);
      };
      server.on('message', on);
    });

  const ready = await next<Ready>('ready');
  const wsUrl = ready.url.replace('http', 'ws') + '/push';
  const arrivals = new Map<string, number>();
  const sockets: WebSocket[] = [];

  // Connect in batches so the accept queue is not flooded; every socket says hello and waits for welcome.
  const connectStart = performance.now();
  for (let i = 0; i < ready.devices.length; i += 250) {
    await Promise.all(
      ready.devices.slice(i, i + 250).map(
        (device) =>
          new Promise<void>((resolve, reject) => {
            const socket = new WebSocket(wsUrl, { perMessageDeflate: false });
            sockets.push(socket);
            socket.on('error', reject);
            socket.on('open', () =>
              socket.send(JSON.stringify({ type: 'hello', v: 1, token: device.token, lastSeq: 0 })),
            );
            socket.on('message', (raw) => {
              const now = wallClock();
              const frame = JSON.parse((raw as Buffer).toString('utf8')) as {
                type: string;
                seq?: number;
                data?: { messageId: string };
              };
              if (frame.type === 'welcome') resolve();
              if (frame.type === 'event' && frame.data) {
                arrivals.set(frame.data.messageId, now);
                socket.send(JSON.stringify({ type: 'ack', seq: frame.seq }));
              }
            });
          }),
      ),
    );
  }
  const connectMs = performance.now() - connectStart;

  server.send({ type: 'memory' });
  const loaded = await next<MemoryReply>('memory');

  // Each latency is webhook sent → event received on the STB socket.
  const phase = async (count: number, tag: string) => {
    const { sentAt } = await sendAlerts(ready.url, ready.devices, count, options.ratePerSec, tag);
    const deadline = Date.now() + 10_000;
    while ([...sentAt.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    return latencyFigures(sentAt, arrivals);
  };
  const cold = options.warmup > 0 ? await phase(options.warmup, 'warmup') : null;
  if (options.stalls) {
    server.send({ type: 'reset-stalls' });
    await next('reset-stalls');
  }
  const measured = await phase(options.alerts, 'bench');
  let stalls: Stalls | null = null;
  if (options.stalls) {
    server.send({ type: 'stalls' });
    stalls = (await next<{ type: 'stalls'; stalls: Stalls }>('stalls')).stalls;
  }

  for (const socket of sockets) socket.terminate();
  server.send({ type: 'stop' });
  await new Promise((resolve) => server.once('exit', resolve));

  return {
    connections: options.connections,
    connected: loaded.stats.authenticated,
    connectSeconds: connectMs / 1000,
    enrollSeconds: ready.enrollSeconds,
    alerts: options.alerts,
    ...measured,
    warmup: options.warmup,
    cold,
    stalls,
    rssPerConnectionKB: (loaded.memory.rss - ready.idle.rss) / options.connections / 1024,
    heapPerConnectionKB: (loaded.memory.heapUsed - ready.idle.heapUsed) / options.connections / 1024,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '1000' },
      alerts: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '400' },
      server: { type: 'string' },
      stalls: { type: 'boolean', default: false },
    },
  });
  const result = await runPushFanout({
    connections: Number(values.connections),
    alerts: Number(values.alerts),
    ratePerSec: Number(values.rate),
    warmup: Number(values.warmup),
    ...(values.server ? { serverScript: values.server } : {}),
    stalls: values.stalls,
  });
  printPushFanout(result);
}

export function printPushFanout(r: Awaited<ReturnType<typeof runPushFanout>>): void {
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(
    `push fan-out: ${r.connections} STBs enrolled through the operator API in ${r.enrollSeconds.toFixed(1)} s ` +
      `(${Math.round(r.connections / r.enrollSeconds)} boxes/s); ${r.connected}/${r.connections} connected in ${r.connectSeconds.toFixed(1)} s`,
  );
  console.log(
    `  webhook → STB socket, ${r.delivered}/${r.alerts} alerts: p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}`,
  );
  if (r.cold) {
    console.log(
      `  (the ${r.warmup} alerts before them, from a cold server, left out: p50 ${ms(r.cold.p50)}  p99 ${ms(r.cold.p99)}  max ${ms(r.cold.max)})`,
    );
  }
  if (r.stalls) console.log(`  the server meanwhile: ${describeStalls(r.stalls)}`);
  console.log(
    `  server memory per connection: ${r.rssPerConnectionKB.toFixed(1)} KB RSS (${r.heapPerConnectionKB.toFixed(1)} KB JS heap)`,
  );
}
