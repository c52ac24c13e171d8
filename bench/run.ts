// `npm run bench`: every benchmark, printing its figures. Targets are stated next to the figures, never asserted:
// this is a shared 2-core machine, so compare ratios within one run (README, "Benchmarks").
//   npm run bench                       the push fan-out beside mosquitto at 1,000 and 10,000 connections, then the rest
//   npm run bench -- --connections 10000 the push fan-out at 10,000 only (a comma-separated list)
//   npm run bench -- --push              the push fan-out beside mosquitto only; --rounds 3 for three rounds of it
//   npm run bench -- --samples 20        Play → first audio samples per cell
//   npm run bench -- --cluster           past one process instead: PostgreSQL + Redis, an API and two gateway
//                                        processes at 10,000 and 30,000 devices beside the embedded backend, and a
//                                        reconnect storm (bench/push-cluster.ts; --rate sets both runs' alerts/s)
//   npm run bench -- --audio             Play → first audio only (Chromium at CPU 1× and 6×, WPE), with where its
//                                        time goes
//   npm run bench -- --tv                the TV app's benchmarks only: frame timings against the floor (Chromium
//                                        at CPU 1× and 6×, WPE) and its JavaScript before the first alert
import { parseArgs } from 'node:util';
import { printPlayFirstAudio, runPlayFirstAudio } from './play-first-audio.ts';
import { printPushCluster, runPushCluster } from './push-cluster.ts';
import { printPushVsMosquitto, runPushVsMosquitto } from './push-vs-mosquitto.ts';
import { printTranscodeSpeed, runTranscodeSpeed } from './transcode-speed.ts';
import { measureTvBundle, printTvBundle } from './tv-bundle-size.ts';
import { printTvFrameTiming, runTvFrameTiming } from './tv-frame-timing.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '1000,10000' },
    alerts: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '400' },
    samples: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '1' },
    cluster: { type: 'boolean', default: false },
    push: { type: 'boolean', default: false },
    tv: { type: 'boolean', default: false },
    audio: { type: 'boolean', default: false },
  },
});

console.log(`node ${process.version}, ${new Date().toISOString()}`);
if (values.cluster) {
  printPushCluster(
    await runPushCluster({
      sizes: [10_000, 30_000],
      embeddedAt: 10_000,
      alerts: Number(values.alerts),
      ratePerSec: Number(values.rate),
      warmup: Number(values.warmup),
      stormAt: 10_000,
    }),
  );
  process.exit(0);
}
if (values.audio) {
  printPlayFirstAudio(await runPlayFirstAudio({ samples: Number(values.samples) }));
  process.exit(0);
}
if (values.tv) {
  printTvFrameTiming(await runTvFrameTiming());
  console.log('');
  printTvBundle(measureTvBundle({ build: false }));
  process.exit(0);
}
// Our push fan-out and Eclipse Mosquitto under the same load, in turn (bench/push-vs-mosquitto.ts); the fan-out
// with the devices in the driver's own process, as measured before, is `node bench/push-fanout.ts`.
printPushVsMosquitto(
  await runPushVsMosquitto({
    sizes: values.connections.split(',').filter(Boolean).map(Number),
    alerts: Number(values.alerts),
    ratePerSec: Number(values.rate),
    warmup: Number(values.warmup),
    rounds: Number(values.rounds),
  }),
);
if (values.push) process.exit(0);

console.log('');
printTranscodeSpeed(await runTranscodeSpeed());

console.log('');
printPlayFirstAudio(await runPlayFirstAudio({ samples: Number(values.samples) }));

console.log('');
// Builds the app (and the floor) first; the bundle figures below read that build.
printTvFrameTiming(await runTvFrameTiming());

console.log('');
printTvBundle(measureTvBundle({ build: false }));
