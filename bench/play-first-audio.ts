// Play → first audio in Chromium against the real backend (carrier simulator, proxy, ffmpeg), for 30 s and 3 min
// AMR-NB messages, with the renderer's CPU at 1× and slowed 6× (Chrome DevTools Protocol throttling). Each sample
// is a message never played before, so every one pays for a cold transcode, as a first listen does.
//
//   streamed: unlock → <audio src> on the streamed URL → first audio (currentTime > 0)
//   naive:    unlock → download the whole transcoded file → <audio src> → first audio, which is what
//             "transcode the whole file, then play" costs the viewer
//
// Both paths run in one page, interleaved sample by sample, so machine noise falls on both alike.
import puppeteer, { type Page } from 'puppeteer-core';
import { DEMO } from '../server/seed.ts';
import { soxTone } from '../server/test-support/audio-fixtures.ts';
import { startBackend, type Harness } from '../server/test-support/harness.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium.ts';

const PIN = '8264';

export interface FirstAudioFigure {
  seconds: number;
  cpu: number;
  path: 'streamed' | 'naive';
  samples: number[];
}

export async function runPlayFirstAudio(
  options: { samples?: number; lengths?: readonly number[]; cpuRates?: readonly number[] } = {},
): Promise<FirstAudioFigure[]> {
  const samples = options.samples ?? 12;
  const lengths = options.lengths ?? [30, 180];
  const cpuRates = options.cpuRates ?? [1, 6];
  const h = await startBackend();
  const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const figures: FirstAudioFigure[] = [];
  try {
    const mailbox = DEMO.devices.maryPhone.phoneNumber;
    const pinSet = await h.sim.pins.setPin(mailbox, PIN, undefined);
    if (!pinSet.ok) throw new Error('could not set the bench PIN');
    const token = h.app.tokens.issue(DEMO.devices.livingRoom.id);
    const page = await browser.newPage();
    // A page of the backend's own origin, so the device API needs no CORS.
    await page.goto(`${h.url}/api/health`);
    const cdp = await page.createCDPSession();

    for (const seconds of lengths) {
      const audio = Buffer.from(soxTone('amr-nb', seconds)).toString('base64');
      for (const cpu of cpuRates) {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
        const streamed: number[] = [];
        const naive: number[] = [];
        // One warm-up of each, not counted: the first media load in a fresh renderer pays for its decoder.
        for (let i = -1; i < samples; i++) {
          const a = await measure(page, token, await deposit(h, mailbox, audio), 'streamed');
          const b = await measure(page, token, await deposit(h, mailbox, audio), 'naive');
          if (i >= 0) {
            streamed.push(a);
            naive.push(b);
          }
        }
        figures.push({ seconds, cpu, path: 'streamed', samples: streamed });
        figures.push({ seconds, cpu, path: 'naive', samples: naive });
      }
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  } finally {
    await browser.close();
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
function measure(page: Page, token: string, messageId: string, path: 'streamed' | 'naive'): Promise<number> {
  return page.evaluate(
    async (token, messageId, path, pin) => {
      const started = performance.now();
      const unlock = await fetch(`/api/voicemail/${messageId}/unlock`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ pin }),
      });
      if (unlock.status !== 201) throw new Error(`unlock answered ${unlock.status}`);
      const { audioUrl } = (await unlock.json()) as { audioUrl: string };
      if (path === 'naive') await (await fetch(audioUrl)).arrayBuffer();
      const audio = new Audio();
      audio.preload = 'auto';
      // Polled, not read from 'timeupdate' (which fires only every 250 ms or so): first audio is the moment the
      // clock leaves zero, which it does only when the engine renders sound.
      const firstAudio = new Promise<number>((resolve, reject) => {
        const deadline = performance.now() + 60_000;
        const poll = () => {
          if (audio.error) reject(new Error(`media error ${audio.error.code}`));
          else if (audio.currentTime > 0) resolve(performance.now() - started);
          else if (performance.now() > deadline) reject(new Error('no audio within 60 s'));
          else setTimeout(poll, 2);
        };
        poll();
      });
      audio.src = audioUrl;
      void audio.play().catch(() => undefined);
      try {
        return await firstAudio;
      } finally {
        audio.pause();
        audio.removeAttribute('src');
        audio.load();
      }
    },
    token,
    messageId,
    path,
    PIN,
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export function printPlayFirstAudio(figures: FirstAudioFigure[]): void {
  const n = figures[0]?.samples.length ?? 0;
  console.log(`Play → first audio in Chromium, real backend, cold transcode each time (${n} samples each):`);
  console.log('  message  CPU   streamed p50 / p95      naive p50 / p95        streamed ÷ naive (p95)');
  for (const s of figures.filter((f) => f.path === 'streamed')) {
    const naive = figures.find((f) => f.path === 'naive' && f.seconds === s.seconds && f.cpu === s.cpu)!;
    const sp95 = percentile(s.samples, 95);
    const np95 = percentile(naive.samples, 95);
    console.log(
      `  ${`${s.seconds} s`.padStart(6)} ${`${s.cpu}×`.padStart(4)}   ${`${percentile(s.samples, 50).toFixed(0)} / ${sp95.toFixed(0)} ms`.padEnd(22)}  ${`${percentile(naive.samples, 50).toFixed(0)} / ${np95.toFixed(0)} ms`.padEnd(22)} ${(sp95 / np95).toFixed(2)}`,
    );
  }
  console.log('  targets (issue 3): streamed p95 ≤ 300 ms at 6×, and at most a fifth of the naive path');
}
