// Play → first audio in Chromium against the real backend (carrier simulator, proxy, ffmpeg), for 30 s and 3 min
// AMR-NB messages, with the renderer's CPU at 1× and slowed 6× (Chrome DevTools Protocol throttling). Each sample
// is a message never played before, so every one pays for a cold transcode, as a first listen does.
//
//   player:  unlock → the TV app's own player (media/, MSE-fed here) → first audio (the clock leaves zero)
//   element: unlock → a plain <audio src> on the streamed URL → first audio (the player before MSE feeding)
//   naive:   unlock → download the whole transcoded file → play it, i.e. "transcode the whole file, then play"
//
// All paths run in one page (bench/pages/first-audio.ts), interleaved sample by sample, so machine noise falls
// on them alike.
import { DEMO } from '../server/seed.ts';
import { soxTone } from '../tests/helpers/backend/audio-fixtures.ts';
import { startBackend, type Harness } from '../tests/helpers/backend/harness.ts';
import {
  FIRST_AUDIO_PATHS as PATHS,
  FIRST_AUDIO_STEPS,
  type FirstAudioPath,
  type FirstAudioSample,
} from './pages/first-audio-paths.ts';
import { openBenchPage, type BenchPage, type Engine } from './bench-browser.ts';
import { buildBenchPages, mountBenchPages } from './bench-pages.ts';
import { percentile } from './stats.ts';

const PIN = '8264';

export interface FirstAudioFigure {
  engine: Engine;
  seconds: number;
  cpu: number;
  path: FirstAudioPath;
  /** Play → first audio of each sample, ms. */
  samples: number[];
  /** Where each sample's time went (the page's steps). */
  steps: FirstAudioSample['steps'][];
}

/** Chromium at every CPU rate; WPE WebKit (RDK's engine) at full speed only, as it has no throttling. */
export async function runPlayFirstAudio(
  options: {
    samples?: number;
    lengths?: readonly number[];
    cpuRates?: readonly number[];
    engines?: readonly Engine[];
  } = {},
): Promise<FirstAudioFigure[]> {
  const samples = options.samples ?? 12;
  const lengths = options.lengths ?? [30, 180];
  const cpuRates = options.cpuRates ?? [1, 6];
  buildBenchPages();
  const h = await startBackend({ mount: mountBenchPages });
  const figures: FirstAudioFigure[] = [];
  try {
    const mailbox = DEMO.devices.maryPhone.phoneNumber;
    const pinSet = await h.sim.pins.setPin(mailbox, PIN, undefined);
    if (!pinSet.ok) throw new Error('could not set the bench PIN');
    const token = await h.app.tokens.issue(DEMO.devices.livingRoom.id);
    for (const engine of options.engines ?? (['chromium', 'wpe'] as const)) {
      const page = await openBenchPage(engine);
      try {
        // Served by the backend under test, so the device API is same-origin.
        await page.goto(`${h.url}/bench/first-audio.html`);
        for (const seconds of lengths) {
          const audio = Buffer.from(soxTone('amr-nb', seconds)).toString('base64');
          for (const cpu of page.canThrottle ? cpuRates : [1]) {
            await page.throttle(cpu);
            const samplesByPath = new Map(PATHS.map((path) => [path, [] as FirstAudioSample[]]));
            // One warm-up of each, not counted: the first media load in a fresh renderer pays for its decoder.
            for (let i = -1; i < samples; i++) {
              for (const path of PATHS) {
                const sample = await measure(page, token, await deposit(h, mailbox, audio), path);
                if (i >= 0) samplesByPath.get(path)!.push(sample);
              }
            }
            for (const path of PATHS) {
              const taken = samplesByPath.get(path)!;
              figures.push({
                engine,
                seconds,
                cpu,
                path,
                samples: taken.map((s) => s.total),
                steps: taken.map((s) => s.steps),
              });
            }
          }
        }
        await page.throttle(1);
      } finally {
        await page.close();
      }
    }
  } finally {
    await h.close();
  }
  return figures;
}

/** Leaves a message in the carrier's mailbox and waits until our proxy has recorded it. */
async function deposit(h: Harness, mailbox: string, base64: string): Promise<string> {
  const response = await fetch(`${h.simUrl}/mailboxes/${mailbox}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      callerName: 'Jane',
      callerNumber: '505-555-1313',
      audio: { format: 'amr-nb', base64 },
    }),
  });
  if (response.status !== 201) throw new Error(`deposit failed: ${response.status}`);
  const { messageId, proxyNotified } = (await response.json()) as {
    messageId: string;
    proxyNotified: boolean;
  };
  if (!proxyNotified) throw new Error('the proxy was not told of the message');
  return messageId;
}

/** One Play → first audio, in the page: the TV's own sequence after a correct PIN. */
function measure(
  page: BenchPage,
  token: string,
  messageId: string,
  path: FirstAudioPath,
): Promise<FirstAudioSample> {
  return page.run(
    (token: string, messageId: string, path: string, pin: string) =>
      (window as unknown as { firstAudio: (...args: unknown[]) => Promise<FirstAudioSample> }).firstAudio(
        token,
        messageId,
        pin,
        path,
      ),
    token,
    messageId,
    path,
    PIN,
  );
}

export function printPlayFirstAudio(figures: FirstAudioFigure[]): void {
  const n = figures[0]?.samples.length ?? 0;
  const cell = (f: FirstAudioFigure) =>
    `${percentile(f.samples, 50).toFixed(0)} / ${percentile(f.samples, 95).toFixed(0)} ms`.padEnd(18);
  console.log(`Play → first audio, real backend, cold transcode each time (${n} samples each), p50 / p95:`);
  console.log(
    '  engine    message  CPU   player (MSE)      <audio> streamed  naive             player ÷ naive (p95)',
  );
  for (const p of figures.filter((f) => f.path === 'player')) {
    const of = (path: FirstAudioPath) =>
      figures.find(
        (f) => f.path === path && f.seconds === p.seconds && f.cpu === p.cpu && f.engine === p.engine,
      )!;
    const ratio = percentile(p.samples, 95) / percentile(of('naive').samples, 95);
    console.log(
      `  ${p.engine.padEnd(9)} ${`${p.seconds} s`.padStart(6)} ${`${p.cpu}×`.padStart(4)}   ${cell(p)}${cell(of('element'))}${cell(of('naive'))}${ratio.toFixed(2)}`,
    );
  }
  // Where the player's time went: the median of each step, from the PIN request.
  console.log("  where the player's time goes (median ms from the PIN request):");
  console.log(`  engine    message  CPU   ${FIRST_AUDIO_STEPS.map((s) => s.padEnd(10)).join('')}clock`);
  for (const p of figures.filter((f) => f.path === 'player')) {
    const median = (step: (typeof FIRST_AUDIO_STEPS)[number]) => {
      const at = p.steps.map((s) => s[step]).filter((v): v is number => v !== undefined);
      return at.length > 0 ? percentile(at, 50).toFixed(0) : '–';
    };
    console.log(
      `  ${p.engine.padEnd(9)} ${`${p.seconds} s`.padStart(6)} ${`${p.cpu}×`.padStart(4)}   ${FIRST_AUDIO_STEPS.map((s) => median(s).padEnd(10)).join('')}${percentile(p.samples, 50).toFixed(0)}`,
    );
  }
  // The TV's own player in both engines at full speed, next to each other.
  const players = (engine: Engine) =>
    figures.filter((f) => f.engine === engine && f.path === 'player' && f.cpu === 1);
  if (players('wpe').length > 0) {
    console.log('  side by side, player at CPU 1×:  Chromium          WPE WebKit (RDK)');
    for (const c of players('chromium')) {
      const w = players('wpe').find((f) => f.seconds === c.seconds);
      if (w) console.log(`  ${`${c.seconds} s message`.padEnd(32)} ${cell(c)}${cell(w)}`);
    }
  }
  console.log('  targets (issue 3): p95 ≤ 300 ms at 6×, and at most a fifth of the naive path');
}
