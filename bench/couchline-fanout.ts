// Our push fan-out measured as mosquitto is (bench/mosquitto-fanout.ts): the embedded server (SQLite, one process:
// bench/push-fanout-server.ts) with N enrolled STBs, the STBs' sockets in client processes (bench/push-clients.ts)
// and the signed voicemail webhooks sent from this process at a steady rate to random mailboxes; the latency from
// webhook sent to the event in the STB's message handler (p50/p99/max), and the server's memory per connection.
// bench/push-fanout.ts measures the same with the sockets in its own process; bench/push-cluster.ts past one process.
//   node bench/couchline-fanout.ts --connections 1000
//   npm run bench -- --push             beside mosquitto, in the same run (bench/push-vs-mosquitto.ts)
import { parseArgs } from 'node:util';
import { Forked, waitFor } from './forked.ts';
import type { BenchDevice, ClientOrder, ClientReply } from './push-clients.ts';
import { percentile } from './stats.ts';
import { BENCH_WEBHOOK_SECRET, latencyFigures, sendAlerts, type LatencyFigures } from './webhook-load.ts';

/** Sockets per client process: well under the ~19,900 descriptors one process may hold here (push-cluster.ts). */
export const SOCKETS_PER_CLIENT = 12_000;

interface Memory {
  rss: number;
  heapUsed: number;
}
type ServerOrder = { type: 'memory' | 'stop' };
type ServerReply =
  | { type: 'ready'; url: string; devices: BenchDevice[]; idle: Memory; enrollSeconds: number }
  | { type: 'memory'; memory: Memory; stats: { authenticated: number } | undefined };
type ClientProcess = Forked<ClientOrder, ClientReply>;

export interface CouchlineFigures {
  connections: number;
  /** Sockets the server had welcomed when its memory was read. */
  connected: number;
  enrollSeconds: number;
  connectSeconds: number;
  alerts: number;
  delivered: number;
  /** Events that reached their device more than once (warm-up and measured alerts). */
  duplicates: number;
  p50: number;
  p99: number;
  max: number;
  /** The warm-up alerts' own figures (a cold server), null without a warm-up. */
  cold: LatencyFigures | null;
  /** How long the server took to answer the carrier's webhook (the deposit committed). */
  webhookP50: number;
  webhookP99: number;
  /** The server's RSS after the connections and the warm-up, less its RSS once the boxes were enrolled. */
  rssPerConnectionKB: number;
  heapPerConnectionKB: number;
}

/** Takes the clients' arrivals into `into` (the first of each event); returns how many were repeats. */
async function arrivalsOf(clients: ClientProcess[], into: Map<string, number>): Promise<number> {
  let repeats = 0;
  for (const client of clients) {
    const { arrivals } = await client.ask({ type: 'arrivals' }, 'arrivals');
    for (const [id, at] of arrivals) {
      if (into.has(id)) repeats++;
      else into.set(id, at);
    }
  }
  return repeats;
}

export async function measureCouchline(
  connections: number,
  options: { alerts: number; ratePerSec: number; warmup: number },
): Promise<CouchlineFigures> {
  const server = new Forked<ServerOrder, ServerReply>(
    'push-fanout-server.ts',
    { BENCH_CONNECTIONS: String(connections), BENCH_WEBHOOK_SECRET },
    ['--expose-gc'],
  );
  const clients: ClientProcess[] = [];
  try {
    const ready = await server.next('ready');
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.ceil(connections / SOCKETS_PER_CLIENT) }, async (_, k) => {
        const client: ClientProcess = new Forked('push-clients.ts', {});
        clients.push(client);
        const share = ready.devices.slice(k * SOCKETS_PER_CLIENT, (k + 1) * SOCKETS_PER_CLIENT);
        await client.ask({ type: 'connect', devices: share, urls: [ready.url] }, 'connected');
      }),
    );
    const connectSeconds = (performance.now() - started) / 1000;

    const arrivals = new Map<string, number>();
    let duplicates = 0;
    const phase = async (count: number, tag: string) => {
      const sent = await sendAlerts(ready.url, ready.devices, count, options.ratePerSec, tag);
      await waitFor(
        async () => (
          (duplicates += await arrivalsOf(clients, arrivals)),
          [...sent.sentAt.keys()].every((id) => arrivals.has(id))
        ),
        15_000,
      );
      return { ...sent, latency: latencyFigures(sent.sentAt, arrivals) };
    };
    // A cold server first, left out of the figures (see push-fanout.ts, `warmup`).
    const cold = options.warmup > 0 ? (await phase(options.warmup, 'warmup')).latency : null;
    const loaded = await server.ask({ type: 'memory' }, 'memory');
    const { latency, answeredMs } = await phase(options.alerts, 'bench');
    // A repeat that came late (after its phase ended waiting) counts too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    duplicates += await arrivalsOf(clients, arrivals);
    return {
      connections,
      connected: loaded.stats?.authenticated ?? 0,
      enrollSeconds: ready.enrollSeconds,
      connectSeconds,
      alerts: options.alerts,
      ...latency,
      duplicates,
      cold,
      webhookP50: percentile(answeredMs, 50),
      webhookP99: percentile(answeredMs, 99),
      rssPerConnectionKB: (loaded.memory.rss - ready.idle.rss) / connections / 1024,
      heapPerConnectionKB: (loaded.memory.heapUsed - ready.idle.heapUsed) / connections / 1024,
    };
  } finally {
    for (const client of clients) await client.stop({ type: 'stop' });
    await server.stop({ type: 'stop' });
  }
}

export function printCouchlineFanout(f: CouchlineFigures): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `Couchline (embedded), ${f.connections.toLocaleString('en-US')} STBs (enrolled in ${f.enrollSeconds.toFixed(1)} s, ${f.connected} connected in ${f.connectSeconds.toFixed(1)} s): ` +
      `${f.delivered}/${f.alerts} delivered (${f.duplicates} twice), p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  max ${ms(f.max)}`,
  );
  console.log(
    `  webhook answered (committed): p50 ${ms(f.webhookP50)}  p99 ${ms(f.webhookP99)}; memory per connection: ${f.rssPerConnectionKB.toFixed(1)} KB RSS (${f.heapPerConnectionKB.toFixed(1)} KB JS heap)`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '1000' },
      alerts: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '400' },
    },
  });
  printCouchlineFanout(
    await measureCouchline(Number(values.connections), {
      alerts: Number(values.alerts),
      ratePerSec: Number(values.rate),
      warmup: Number(values.warmup),
    }),
  );
}
