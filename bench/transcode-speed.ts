// Transcoding speed per voicemail format, as a multiple of real time, and how soon the first bytes leave the
// transcoder compared with the whole file (the server's half of "playback starts before transcoding ends").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioFormat } from '../protocol/index.ts';
import { silentLogger } from '../server/log.ts';
import { buildAmrWb, soxTone } from '../tests/helpers/backend/audio-fixtures.ts';
import { buildQcp } from '../tests/helpers/backend/qcp.ts';
import { Transcoder } from '../server/transcoder/transcoder.ts';

export interface TranscodeFigure {
  format: AudioFormat;
  seconds: number;
  firstByteMs: number;
  totalMs: number;
  realtime: number;
}

/** Each format at each length, transcoded once from scratch (no cache), the stream drained as a client would. */
export async function runTranscodeSpeed(lengths: readonly number[] = [30, 180]): Promise<TranscodeFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-bench-transcode-'));
  const transcoder = new Transcoder({ cacheDir: join(dir, 'cache'), log: silentLogger });
  const figures: TranscodeFigure[] = [];
  try {
    for (const seconds of lengths) {
      const inputs: [AudioFormat, Uint8Array][] = [
        ['amr-nb', soxTone('amr-nb', seconds)],
        ['amr-wb', buildAmrWb(seconds * 50)],
        ['qcelp', buildQcp(seconds * 50)],
        ['gsm', soxTone('gsm', seconds)],
        ['wav', soxTone('wav', seconds)],
      ];
      for (const [format, bytes] of inputs) {
        const key = `bench-${format}-${seconds}`;
        const start = performance.now();
        const audio = await transcoder.get(key, () => Promise.resolve({ format, bytes }));
        let firstByteMs = NaN;
        for await (const chunk of audio.open()) {
          if (Number.isNaN(firstByteMs) && (chunk as Buffer).length > 0)
            firstByteMs = performance.now() - start;
        }
        const totalMs = performance.now() - start;
        figures.push({ format, seconds, firstByteMs, totalMs, realtime: (seconds * 1000) / totalMs });
        await transcoder.remove(key);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

export function printTranscodeSpeed(figures: TranscodeFigure[]): void {
  console.log('transcoding to AAC (ffmpeg), one at a time, no cache:');
  console.log('  format   length   first bytes   whole file   speed');
  for (const f of figures) {
    console.log(
      `  ${f.format.padEnd(7)} ${`${f.seconds} s`.padStart(7)} ${`${f.firstByteMs.toFixed(0)} ms`.padStart(12)} ${`${f.totalMs.toFixed(0)} ms`.padStart(12)}   ${f.realtime.toFixed(0)}× real time`,
    );
  }
}

if (import.meta.main) printTranscodeSpeed(await runTranscodeSpeed());
