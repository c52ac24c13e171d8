// Mosquitto under our push fan-out's load: N devices as MQTT clients over WebSocket with persistent QoS 1 sessions
// (in client processes, bench/mosquitto-clients.ts), one event at a time published at QoS 1 to one random device's
// topic at a steady rate (from this process, bench/mqtt-load.ts); the latency from publish to the device's message
// handler (p50/p99/max), and mosquitto's memory per connection (its RSS before and after the connections).
//   node bench/mosquitto-fanout.ts --connections 1000
//   node bench/mosquitto-fanout.ts --connections 10000 --transport mqtt   over plain MQTT instead, for reference
//   npm run bench -- --push             beside our server, in the same run (bench/push-vs-mosquitto.ts)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectAsync, type MqttClient } from 'mqtt';
import { SOCKETS_PER_CLIENT } from './couchline-fanout.ts';
import { Forked, waitFor } from './forked.ts';
import { startMosquitto } from './mosquitto-broker.ts';
import type { MqttClientOrder, MqttClientReply } from './mosquitto-clients.ts';
import { publishEvents } from './mqtt-load.ts';
import { percentile } from './stats.ts';
import { latencyFigures, type LatencyFigures } from './webhook-load.ts';

type ClientProcess = Forked<MqttClientOrder, MqttClientReply>;
/** WebSocket, as our devices connect; plain MQTT (TCP) only as a reference. */
type Transport = 'websockets' | 'mqtt';

export interface MosquittoFigures {
  transport: Transport;
  connections: number;
  connectSeconds: number;
  alerts: number;
  delivered: number;
  /** Events that reached their device more than once (warm-up and measured events). */
  duplicates: number;
  /** Clients whose connection closed while they were measured. */
  closed: number;
  p50: number;
  p99: number;
  max: number;
  /** The warm-up events' own figures, null without a warm-up. */
  cold: LatencyFigures | null;
  /** How long mosquitto took to acknowledge a publish (PUBACK). */
  pubackP50: number;
  pubackP99: number;
  /** Mosquitto's RSS after the connections and the warm-up, less its RSS before any connection. */
  rssPerConnectionKB: number;
}

/** Takes the clients' arrivals into `into` (the first of each event); returns repeats and closed connections. */
async function arrivalsOf(clients: ClientProcess[], into: Map<string, number>) {
  let repeats = 0;
  let closed = 0;
  for (const client of clients) {
    const reply = await client.ask({ type: 'arrivals' }, 'arrivals');
    closed += reply.closed;
    for (const [id, at] of reply.arrivals) {
      if (into.has(id)) repeats++;
      else into.set(id, at);
    }
  }
  return { repeats, closed };
}

export async function measureMosquitto(
  connections: number,
  options: { alerts: number; ratePerSec: number; warmup: number; transport?: Transport },
): Promise<MosquittoFigures> {
  const transport = options.transport ?? 'websockets';
  const dir = mkdtempSync(join(tmpdir(), 'couchline-bench-mosquitto-'));
  const broker = await startMosquitto(dir);
  const clients: ClientProcess[] = [];
  let publisher: MqttClient | null = null;
  try {
    const url = transport === 'websockets' ? broker.url : broker.tcpUrl;
    const idleRss = broker.rssBytes();
    const clientIds = Array.from({ length: connections }, (_, i) => `bench-stb-${i}`);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.ceil(connections / SOCKETS_PER_CLIENT) }, async (_, k) => {
        const client: ClientProcess = new Forked('mosquitto-clients.ts', {});
        clients.push(client);
        const share = clientIds.slice(k * SOCKETS_PER_CLIENT, (k + 1) * SOCKETS_PER_CLIENT);
        await client.ask({ type: 'connect', url, clientIds: share }, 'connected');
      }),
    );
    const connectSeconds = (performance.now() - started) / 1000;
    publisher = await connectAsync(url, {
      clientId: 'bench-publisher',
      keepalive: 30,
      reconnectPeriod: 0,
      wsOptions: { perMessageDeflate: false },
    });

    const arrivals = new Map<string, number>();
    let duplicates = 0;
    let closed = 0;
    const collect = async () => {
      const taken = await arrivalsOf(clients, arrivals);
      duplicates += taken.repeats;
      closed = taken.closed;
    };
    const phase = async (count: number, tag: string) => {
      const sent = await publishEvents(publisher!, clientIds, count, options.ratePerSec, tag);
      await waitFor(
        async () => (await collect(), [...sent.sentAt.keys()].every((id) => arrivals.has(id))),
        15_000,
      );
      return { ...sent, latency: latencyFigures(sent.sentAt, arrivals) };
    };
    // Left out as ours is (bench/push-fanout.ts, `warmup`): here the client processes' own warm-up.
    const cold = options.warmup > 0 ? (await phase(options.warmup, 'warmup')).latency : null;
    const loadedRss = broker.rssBytes();
    const { latency, acknowledgedMs } = await phase(options.alerts, 'bench');
    // A repeat that came late (after its phase ended waiting) counts too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await collect();
    return {
      transport,
      connections,
      connectSeconds,
      alerts: options.alerts,
      ...latency,
      duplicates,
      closed,
      cold,
      pubackP50: percentile(acknowledgedMs, 50),
      pubackP99: percentile(acknowledgedMs, 99),
      rssPerConnectionKB: (loadedRss - idleRss) / connections / 1024,
    };
  } finally {
    await publisher?.endAsync(true);
    for (const client of clients) await client.stop({ type: 'stop' });
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printMosquittoFanout(f: MosquittoFigures): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `mosquitto over ${f.transport === 'websockets' ? 'WebSocket' : 'plain MQTT'}, ${f.connections.toLocaleString('en-US')} devices (connected in ${f.connectSeconds.toFixed(1)} s): ` +
      `${f.delivered}/${f.alerts} delivered (${f.duplicates} twice, ${f.closed} connections closed), p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  max ${ms(f.max)}`,
  );
  console.log(
    `  publish acknowledged (PUBACK): p50 ${ms(f.pubackP50)}  p99 ${ms(f.pubackP99)}; memory per connection: ${f.rssPerConnectionKB.toFixed(1)} KB RSS`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '1000' },
      alerts: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '400' },
      transport: { type: 'string', default: 'websockets' },
    },
  });
  if (values.transport !== 'websockets' && values.transport !== 'mqtt') {
    throw new Error(`--transport: websockets or mqtt, not ${values.transport}`);
  }
  printMosquittoFanout(
    await measureMosquitto(Number(values.connections), {
      alerts: Number(values.alerts),
      ratePerSec: Number(values.rate),
      warmup: Number(values.warmup),
      transport: values.transport,
    }),
  );
}
