// Our push fan-out beside Eclipse Mosquitto (issue 17, "the peer in the bench"), in one run on one machine: at each
// size our embedded server (webhook → the event in the STB's message handler, bench/couchline-fanout.ts) and
// mosquitto (QoS 1 publish → the subscriber's message handler, bench/mosquitto-fanout.ts) take the same load — N
// devices over WebSocket, every device in client processes, one event to one random device at the same rate — and
// are measured in turn (Couchline 1k, mosquitto 1k, Couchline 10k, mosquitto 10k; the next round starts with
// mosquitto), so a drift of the shared machine's load falls on both. Prints both products' p50/p99/max, memory per
// connection, and the ratios Couchline / mosquitto.
//   npm run bench -- --push                      1,000 and 10,000 connections, one round (only this benchmark)
//   node bench/push-vs-mosquitto.ts --connections 1000 --rounds 3
import { parseArgs } from 'node:util';
import { measureMosquitto, type MosquittoFigures } from './mosquitto-fanout.ts';
import { assertMosquittoInstalled, mosquittoVersion } from './mosquitto-broker.ts';
import { measureCouchline, SOCKETS_PER_CLIENT, type CouchlineFigures } from './couchline-fanout.ts';

export interface PushVsMosquittoOptions {
  sizes: number[];
  alerts: number;
  ratePerSec: number;
  warmup: number;
  rounds: number;
}

interface Pair {
  connections: number;
  round: number;
  couchline: CouchlineFigures;
  mosquitto: MosquittoFigures;
}

export async function runPushVsMosquitto(options: PushVsMosquittoOptions) {
  // Said before minutes of our own half are spent.
  assertMosquittoInstalled();
  const load = { alerts: options.alerts, ratePerSec: options.ratePerSec, warmup: options.warmup };
  const pairs: Pair[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const connections of options.sizes) {
      const ours = () => measureCouchline(connections, load);
      const theirs = () => measureMosquitto(connections, load);
      if (round % 2 === 1) {
        const couchline = await ours();
        pairs.push({ connections, round, couchline, mosquitto: await theirs() });
      } else {
        const mosquitto = await theirs();
        pairs.push({ connections, round, couchline: await ours(), mosquitto });
      }
    }
  }
  return { ...options, version: mosquittoVersion(), pairs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function printPushVsMosquitto(r: Awaited<ReturnType<typeof runPushVsMosquitto>>): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const kb = (n: number) => `${n.toFixed(1)} KB`;
  const times = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
  console.log(
    `push fan-out beside Eclipse Mosquitto ${r.version}: ${r.alerts} events per run at ${r.ratePerSec}/s, each to one random device, ` +
      `after ${r.warmup} left out to warm up; the devices over WebSocket in client processes of ${SOCKETS_PER_CLIENT.toLocaleString('en-US')} sockets, the sender in the driver`,
  );
  console.log(
    '  Couchline: webhook → the event on the STB socket (embedded: SQLite, one process). mosquitto: QoS 1 publish → the message handler (persistent sessions, clean: false)',
  );
  for (const p of r.pairs) {
    const c = p.couchline;
    const m = p.mosquitto;
    const round = r.rounds > 1 ? `, round ${p.round}` : '';
    console.log(`  ${p.connections.toLocaleString('en-US')} connections${round}:`);
    console.log(
      `    Couchline  ${c.delivered}/${c.alerts} delivered (${c.duplicates} twice): p50 ${ms(c.p50)}  p99 ${ms(c.p99)}  max ${ms(c.max)}; ` +
        `${kb(c.rssPerConnectionKB)} RSS per connection (${kb(c.heapPerConnectionKB)} JS heap); webhook answered p50 ${ms(c.webhookP50)} / p99 ${ms(c.webhookP99)}` +
        (c.cold ? `; the ${c.cold.delivered} cold: p99 ${ms(c.cold.p99)}` : ''),
    );
    console.log(
      `    mosquitto  ${m.delivered}/${m.alerts} delivered (${m.duplicates} twice${m.closed ? `, ${m.closed} connections closed` : ''}): ` +
        `p50 ${ms(m.p50)}  p99 ${ms(m.p99)}  max ${ms(m.max)}; ${kb(m.rssPerConnectionKB)} RSS per connection; PUBACK p50 ${ms(m.pubackP50)} / p99 ${ms(m.pubackP99)}` +
        (m.cold ? `; the ${m.cold.delivered} cold: p99 ${ms(m.cold.p99)}` : ''),
    );
    console.log(
      `    Couchline / mosquitto: p50 ${times(c.p50, m.p50)}  p99 ${times(c.p99, m.p99)}  max ${times(c.max, m.max)}  memory ${times(c.rssPerConnectionKB, m.rssPerConnectionKB)}`,
    );
  }
  if (r.rounds > 1) {
    for (const connections of r.sizes) {
      const at = r.pairs.filter((p) => p.connections === connections);
      const of = (side: 'couchline' | 'mosquitto', key: 'p50' | 'p99' | 'max' | 'rssPerConnectionKB') =>
        median(at.map((p) => p[side][key]));
      console.log(
        `  ${connections.toLocaleString('en-US')} connections, median of ${at.length} rounds: ` +
          `Couchline p50 ${ms(of('couchline', 'p50'))}  p99 ${ms(of('couchline', 'p99'))}  max ${ms(of('couchline', 'max'))}, ${kb(of('couchline', 'rssPerConnectionKB'))}; ` +
          `mosquitto p50 ${ms(of('mosquitto', 'p50'))}  p99 ${ms(of('mosquitto', 'p99'))}  max ${ms(of('mosquitto', 'max'))}, ${kb(of('mosquitto', 'rssPerConnectionKB'))}; ` +
          `Couchline / mosquitto p99 ${times(of('couchline', 'p99'), of('mosquitto', 'p99'))}`,
      );
    }
  }
  console.log(
    "  memory: each product's RSS growth over its connections; ours is counted from after the boxes' enrollment, whose freed memory the sockets reuse, so it can read low (its JS heap per connection is printed beside it)",
  );
  console.log(
    "  targets (issue 17): embedded, 10,000 connections: p99 ≤ 50 ms, and ≤ 2× mosquitto's p99 in the same run; ≤ 20 KB per connection",
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '1000,10000' },
      alerts: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '400' },
      rounds: { type: 'string', default: '1' },
    },
  });
  printPushVsMosquitto(
    await runPushVsMosquitto({
      sizes: values.connections.split(',').filter(Boolean).map(Number),
      alerts: Number(values.alerts),
      ratePerSec: Number(values.rate),
      warmup: Number(values.warmup),
      rounds: Number(values.rounds),
    }),
  );
}
