// Push fan-out: with N STBs connected, how long from the voicemail webhook to the event on the target STB's
// socket (p50/p99/max), and how much server memory each connection costs.
//   npm run bench                        # 1,000 connections
//   npm run bench -- --connections 10000
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { signedWebhookHeaders } from '../server/voicemail/webhook-signature.ts';

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

const SECRET = `whsec_${Buffer.from('bench-webhook-secret-0123456789ab').toString('base64')}`;

export async function runPushFanout(options: { connections: number; alerts: number; ratePerSec: number }) {
  const server: ChildProcess = fork(join(import.meta.dirname, 'push-fanout-server.ts'), [], {
    env: { ...process.env, BENCH_CONNECTIONS: String(options.connections), BENCH_WEBHOOK_SECRET: SECRET },
    execArgv: ['--expose-gc'],
  });
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
              const now = performance.timeOrigin + performance.now();
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

  // Alerts at a steady rate to random mailboxes; each latency is webhook sent → event received on the STB socket.
  const sentAt = new Map<string, number>();
  const interval = 1000 / options.ratePerSec;
  const inFlight: Promise<unknown>[] = [];
  let refusals = 0;
  const runStart = performance.now();
  for (let i = 0; i < options.alerts; i++) {
    const target = ready.devices[Math.floor(Math.random() * ready.devices.length)]!;
    const messageId = `bench-${i}`;
    const body = JSON.stringify({
      type: 'message.deposited',
      messageId,
      mailbox: target.mailbox,
      callerName: 'Jane',
      callerNumber: '5055551313',
      receivedAt: new Date().toISOString(),
      durationSec: 12,
      format: 'amr-nb',
    });
    sentAt.set(messageId, performance.timeOrigin + performance.now());
    inFlight.push(
      fetch(`${ready.url}/hooks/voicemail`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedWebhookHeaders(SECRET, body) },
        body,
      }).then(async (r) => {
        // A refused webhook would leave its alert missing from the figures: say why.
        if (!r.ok && refusals++ === 0) console.error(`  webhook refused: ${r.status} ${await r.text()}`);
        else await r.arrayBuffer();
      }),
    );
    const wait = runStart + (i + 1) * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  const deadline = Date.now() + 10_000;
  while (arrivals.size < options.alerts && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

  const latencies = [...sentAt]
    .flatMap(([id, t]) => (arrivals.has(id) ? [arrivals.get(id)! - t] : []))
    .sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;

  for (const socket of sockets) socket.terminate();
  server.send({ type: 'stop' });
  await new Promise((resolve) => server.once('exit', resolve));

  return {
    connections: options.connections,
    connected: loaded.stats.authenticated,
    connectSeconds: connectMs / 1000,
    enrollSeconds: ready.enrollSeconds,
    alerts: options.alerts,
    delivered: latencies.length,
    p50: pct(50),
    p99: pct(99),
    max: latencies[latencies.length - 1] ?? NaN,
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
    },
  });
  const result = await runPushFanout({
    connections: Number(values.connections),
    alerts: Number(values.alerts),
    ratePerSec: Number(values.rate),
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
  console.log(
    `  server memory per connection: ${r.rssPerConnectionKB.toFixed(1)} KB RSS (${r.heapPerConnectionKB.toFixed(1)} KB JS heap)`,
  );
}
