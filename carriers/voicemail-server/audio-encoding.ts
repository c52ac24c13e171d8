import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

/**
 * How the carrier side makes its audio: espeak-ng speaks a text, sox encodes AMR-NB (Debian's ffmpeg decodes
 * AMR but cannot encode it; DESIGN.md §4). Work happens in a private temporary folder that is always removed.
 */
export async function speakToWav(text: string): Promise<Buffer> {
  return inTempDir(async (dir) => {
    const wav = join(dir, 'speech.wav');
    await writeFile(join(dir, 'text.txt'), text, 'utf8');
    // The text goes through a file, never the command line, so nothing in it can be read as an option.
    await run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, '-f', join(dir, 'text.txt')], {
      timeout: TIMEOUT_MS,
    });
    return readFile(wav);
  });
}

/** Any WAV sox reads → AMR-NB at 12.2 kbit/s (mode 7), 8 kHz mono, the way phones record voicemail. */
export async function wavToAmrNb(wav: Uint8Array): Promise<Buffer> {
  return inTempDir(async (dir) => {
    const input = join(dir, 'in.wav');
    const output = join(dir, 'out.amr');
    await writeFile(input, wav);
    await run('sox', [input, '-r', '8000', '-c', '1', '-t', 'amr-nb', '-C', '7', output], {
      timeout: TIMEOUT_MS,
    });
    return readFile(output);
  });
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'couchline-audio-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
