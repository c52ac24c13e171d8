// Push fan-out, this checkout against another (an older commit checked out side by side), in one run: the two are
// measured in turn (old, new, new, old, …, so a drift of the shared machine's load falls on both alike) and each
// round's figures, the medians and the ratios new/old are printed.
//   node bench/compare.ts --old ../wt-old                     5 rounds of 1,000 STBs and 2,000 alerts each
//   node bench/compare.ts --old ../wt-old --rounds 9 --connections 10000
// Each side's server half (its bench/push-fanout-server.ts: its own server code and store) is driven by this
// checkout's driver, so both are loaded, warmed up and measured alike, and read from what it prints.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    new: { type: 'string', default: resolve(import.meta.dirname, '..') },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '1000' },
    alerts: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '400' },
  },
});
if (!values.old) {
  console.error(
    'usage: node bench/compare.ts --old <checkout of the older commit> [--rounds 5] [--connections N]',
  );
  process.exit(2);
}

interface Figures {
  p50: number;
  p99: number;
  max: number;
  delivered: string;
}

/** One run against a checkout's server half, read from the driver's printed line. */
function runOnce(checkout: string): Promise<Figures> {
  const args = [
    ...['bench/push-fanout.ts', '--server', resolve(checkout, 'bench/push-fanout-server.ts')],
    ...['--connections', values.connections, '--alerts', values.alerts, '--warmup', values.warmup],
  ];
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [...args, '--rate', values.rate],
      { cwd: resolve(import.meta.dirname, '..'), maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        const line = /(\d+\/\d+) alerts: p50 ([\d.]+) ms\s+p99 ([\d.]+) ms\s+max ([\d.]+) ms/.exec(stdout);
        if (error || !line) {
          fail(new Error(`the benchmark in ${checkout} failed: ${error?.message ?? ''}\n${stdout}${stderr}`));
          return;
        }
        done({ delivered: line[1]!, p50: Number(line[2]), p99: Number(line[3]), max: Number(line[4]) });
      },
    );
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (n: number) => `${n.toFixed(2).padStart(7)} ms`;

const sides = { old: resolve(values.old), new: resolve(values.new) } as const;
const results: Record<keyof typeof sides, Figures[]> = { old: [], new: [] };
console.log(`node ${process.version}; old: ${sides.old}; new: ${sides.new}`);
console.log(
  `${values.rounds} rounds of ${values.connections} STBs, ${values.alerts} alerts at ${values.rate}/s each`,
);
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
  for (const side of order) results[side].push(await runOnce(sides[side]));
  const [o, n] = [results.old[round]!, results.new[round]!];
  console.log(
    `round ${round + 1}: old p50 ${ms(o.p50)} p99 ${ms(o.p99)} | new p50 ${ms(n.p50)} p99 ${ms(n.p99)}` +
      ` | new/old p50 ${(n.p50 / o.p50).toFixed(2)}× p99 ${(n.p99 / o.p99).toFixed(2)}×` +
      (o.delivered === n.delivered ? '' : `  (delivered: old ${o.delivered}, new ${n.delivered})`),
  );
}
const med = (side: keyof typeof sides, key: 'p50' | 'p99') => median(results[side].map((r) => r[key]));
const ratios = (key: 'p50' | 'p99') => median(results.new.map((n, i) => n[key] / results.old[i]![key]));
console.log(
  `median:  old p50 ${ms(med('old', 'p50'))} p99 ${ms(med('old', 'p99'))} | new p50 ${ms(med('new', 'p50'))} ` +
    `p99 ${ms(med('new', 'p99'))}`,
);
console.log(
  `new/old: ratio of medians p50 ${(med('new', 'p50') / med('old', 'p50')).toFixed(2)}× ` +
    `p99 ${(med('new', 'p99') / med('old', 'p99')).toFixed(2)}×; median of the rounds' ratios ` +
    `p50 ${ratios('p50').toFixed(2)}× p99 ${ratios('p99').toFixed(2)}×  (target: ≤ 1.10×, issue 13)`,
);
