// The TV app's responsiveness against a floor: cold start to first frame, key press to focus change drawn, and
// alert pushed to overlay drawn, for the production TV app (real backend, real push gateway) and, in the same
// run, for a bare Lightning app with a scene of the same size (bench/pages/floor.ts), at CPU 1× and 6× (Chrome DevTools
// Protocol throttling). Chromium here draws WebGL in software, so the figures that mean something are the ratios
// to the floor, not the absolute times.
import { WebSocketServer } from 'ws';
import { voicemailFixture } from '../mocks/fixtures.ts';
import { DEMO } from '../server/seed.ts';
import { startBackend } from '../tests/helpers/backend/harness.ts';
import { waitUntil } from '../tests/e2e/support.ts';
import { FRAME_MARKS } from '../app/ui/frame-timing.ts';
import { openBenchPage, type BenchPage, type Engine } from './bench-browser.ts';
import { buildBenchPages, mountBenchPages } from './bench-pages.ts';
import { percentile } from './stats.ts';

const STB = DEMO.devices.livingRoom.id;

type Subject = 'tv' | 'floor';

export interface FrameTimingFigure {
  engine: Engine;
  subject: Subject;
  cpu: number;
  coldStartMs: number[];
  keyToFrameMs: number[];
  alertToFrameMs: number[];
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between this process and the page. */
const wallClock = () => performance.timeOrigin + performance.now();

/**
 * In each engine: Chromium at every CPU rate, WPE WebKit (RDK's engine) at full speed only, as it has no
 * throttling. Both run the same pages against the same backend, one engine after the other.
 */
export async function runTvFrameTiming(
  options: {
    loads?: number;
    keysPerLoad?: number;
    cpuRates?: readonly number[];
    engines?: readonly Engine[];
  } = {},
): Promise<FrameTimingFigure[]> {
  const loads = options.loads ?? 6;
  const keysPerLoad = options.keysPerLoad ?? 12;
  const cpuRates = options.cpuRates ?? [1, 6];
  buildBenchPages();
  const h = await startBackend({ mount: mountBenchPages });
  const floorPush = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => floorPush.once('listening', resolve));
  const floorPushUrl = `ws://127.0.0.1:${(floorPush.address() as { port: number }).port}`;
  const figures: FrameTimingFigure[] = [];
  let alerts = 0;
  try {
    for (const engine of options.engines ?? (['chromium', 'wpe'] as const)) {
      const page = await openBenchPage(engine);
      try {
        await measureEngine(page, page.canThrottle ? cpuRates : [1]);
      } finally {
        await page.close();
      }
    }
  } finally {
    floorPush.close();
    await h.close();
  }
  return figures;

  async function measureEngine(page: BenchPage, rates: readonly number[]): Promise<void> {
    const token = await h.app.tokens.issue(STB);
    // The TV's credentials, as the emulator would have left them (same origin as the TV app).
    await page.goto(`${h.url}/bench/floor.html?ws=${encodeURIComponent(floorPushUrl)}`);
    await page.run(
      (key: string, value: string) => localStorage.setItem(key, value),
      `couchline.credentials.${STB}`,
      token,
    );
    const urls: Record<Subject, string> = {
      tv: `${h.url}/tv.html?device=${STB}&perf&alertSeconds=600`,
      floor: `${h.url}/bench/floor.html?ws=${encodeURIComponent(floorPushUrl)}`,
    };

    /** One cold load of a subject: first frame, then an alert, then key presses across the overlay's buttons. */
    const sample = async (subject: Subject, figure: FrameTimingFigure, counted: boolean) => {
      await page.goto(urls[subject]);
      const firstFrame = await waitForEntry(page, FRAME_MARKS.firstFrame, 1);
      // Alerts come to an app that has been up a while: let start-up work (the inbox's first sync) finish, for
      // both subjects alike.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      let pushedAt: number;
      const id = `bench-${++alerts}`;
      if (subject === 'tv') {
        await waitUntil(() => (h.app.gateway?.stats().authenticated ?? 0) >= 1, 'the TV on the push channel');
        pushedAt = wallClock();
        await h.app.publisher.publish(STB, 'voicemail.new', `voicemail.new:${id}`, voicemailFixture(id));
      } else {
        await waitUntil(() => floorPush.clients.size >= 1, 'the floor on its socket');
        pushedAt = wallClock();
        for (const client of floorPush.clients) client.send('Voice mail from Jane 505-555-1313');
      }
      const drawnAt = await waitForEntry(page, FRAME_MARKS.alertDrawn, 1, true);
      const keyTimes: number[] = [];
      for (let i = 0; i < keysPerLoad; i++) {
        // Right, Right, Left, Left…: the focus always has somewhere to go.
        await page.press(i % 4 < 2 ? 'ArrowRight' : 'ArrowLeft');
        const measures = await waitForEntry(page, FRAME_MARKS.keyToFrame, i + 1);
        keyTimes.push(measures);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      if (!counted) return;
      figure.coldStartMs.push(firstFrame);
      figure.alertToFrameMs.push(drawnAt - pushedAt);
      figure.keyToFrameMs.push(...keyTimes);
    };

    for (const cpu of rates) {
      await page.throttle(cpu);
      const tv: FrameTimingFigure = {
        engine: page.engine,
        subject: 'tv',
        cpu,
        coldStartMs: [],
        keyToFrameMs: [],
        alertToFrameMs: [],
      };
      const floor: FrameTimingFigure = {
        ...tv,
        subject: 'floor',
        coldStartMs: [],
        keyToFrameMs: [],
        alertToFrameMs: [],
      };
      // A warm-up load of each (not counted) fills the HTTP cache, as an installed app's files are local.
      for (let i = -1; i < loads; i++) {
        await sample('tv', tv, i >= 0);
        await sample('floor', floor, i >= 0);
      }
      figures.push(tv, floor);
    }
    await page.throttle(1);
  }
}

/**
 * Waits until the page has `count` User Timing entries named `name`, and returns the last one's figure: a
 * measure's duration, or a mark's time since navigation (or, with `wall`, on the wall clock).
 */
async function waitForEntry(page: BenchPage, name: string, count: number, wall = false): Promise<number> {
  const value = await page.run(
    (name: string, count: number, wall: boolean) =>
      new Promise<number | null>((resolve) => {
        const deadline = Date.now() + 30_000;
        const poll = () => {
          const entries = performance.getEntriesByName(name);
          if (entries.length >= count) {
            const last = entries[entries.length - 1]!;
            if (last.entryType === 'measure') resolve(last.duration);
            else resolve(wall ? performance.timeOrigin + last.startTime : last.startTime);
          } else if (Date.now() > deadline) resolve(null);
          else setTimeout(poll, 10);
        };
        poll();
      }),
    name,
    count,
    wall,
  );
  if (value === null) throw new Error(`${name} (#${count}) never came in ${page.engine}`);
  return value;
}

export function printTvFrameTiming(figures: FrameTimingFigure[]): void {
  console.log(
    'TV app vs a bare Lightning app of the same scene size, p50 / p95 (Chromium draws WebGL in software):',
  );
  console.log(
    '  engine    CPU  measure                       TV app              floor               TV ÷ floor (p50 / p95)',
  );
  for (const tv of figures.filter((f) => f.subject === 'tv')) {
    const floor = figures.find((f) => f.subject === 'floor' && f.cpu === tv.cpu && f.engine === tv.engine)!;
    for (const [label, key] of ROWS) {
      const cell = (f: FrameTimingFigure) =>
        `${percentile(f[key], 50).toFixed(0)} / ${percentile(f[key], 95).toFixed(0)} ms`.padEnd(20);
      const ratio = (p: number) => (percentile(tv[key], p) / percentile(floor[key], p)).toFixed(2);
      console.log(
        `  ${tv.engine.padEnd(9)} ${`${tv.cpu}×`.padStart(3)}  ${label.padEnd(29)} ${cell(tv)}${cell(floor)}${ratio(50)} / ${ratio(95)}`,
      );
    }
  }
  printSideBySide(figures);
  const n = figures[0];
  if (n)
    console.log(`  (${n.coldStartMs.length} cold loads each; ${n.keyToFrameMs.length} key presses each)`);
  console.log('  target (issue 3): within 1.2× of the floor');
}

const ROWS: [string, keyof Pick<FrameTimingFigure, 'coldStartMs' | 'keyToFrameMs' | 'alertToFrameMs'>][] = [
  ['cold start → first frame', 'coldStartMs'],
  ['key press → focus drawn', 'keyToFrameMs'],
  ['alert pushed → overlay drawn', 'alertToFrameMs'],
];

/** The TV app at full speed in both engines, next to each other: p50 / p95, and each one's ratio to its floor. */
function printSideBySide(figures: FrameTimingFigure[]): void {
  const at = (engine: Engine, subject: Subject) =>
    figures.find((f) => f.engine === engine && f.subject === subject && f.cpu === 1);
  const [chromium, wpe] = [at('chromium', 'tv'), at('wpe', 'tv')];
  if (!chromium || !wpe) return;
  console.log('  side by side, CPU 1×:            Chromium                      WPE WebKit (RDK)');
  for (const [label, key] of ROWS) {
    const cell = (tv: FrameTimingFigure, engine: Engine) => {
      const floor = at(engine, 'floor')!;
      const ratio = (percentile(tv[key], 50) / percentile(floor[key], 50)).toFixed(2);
      return `${percentile(tv[key], 50).toFixed(0)} / ${percentile(tv[key], 95).toFixed(0)} ms (${ratio}× floor)`.padEnd(
        30,
      );
    };
    console.log(`  ${label.padEnd(31)} ${cell(chromium, 'chromium')}${cell(wpe, 'wpe')}`);
  }
}
