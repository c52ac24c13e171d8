// Voicemail audio as phones and carriers record it. Generic on purpose: our transcoder (server/) and the carrier's
// voicemail server (carriers/) both read these files, and this folder knows neither of them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AudioFormat } from '../protocol/index.ts';
import { amrDurationMs, AmrFormatError } from './amr.ts';
import { qcpDurationMs, QcpFormatError } from './qcp.ts';

const run = promisify(execFile);

export class AudioFormatError extends Error {
  override name = 'AudioFormatError';
}

/** The probe itself could not run (ffprobe missing, the machine out of processes, a timeout): not the file's fault. */
export class ProbeUnavailableError extends Error {
  override name = 'ProbeUnavailableError';
}

/**
 * Recognises a voicemail file by its bytes and measures it. AMR (NB and WB) and raw GSM are measured by counting
 * frames and QCELP by counting packets (20 ms each), which is exact even with silence suppression; WAV by ffprobe.
 */
export async function probeAudio(bytes: Uint8Array): Promise<{ format: AudioFormat; durationMs: number }> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = detectFormat(buffer);
  if (!format)
    throw new AudioFormatError('not a recognised voicemail format (AMR-NB, AMR-WB, QCELP, WAV, GSM)');
  try {
    switch (format) {
      case 'amr-nb':
      case 'amr-wb':
        return { format, durationMs: amrDurationMs(buffer, format) };
      case 'gsm':
        return { format, durationMs: (buffer.length / GSM_FRAME_BYTES) * 20 };
      case 'qcelp':
        return { format, durationMs: qcpDurationMs(buffer) };
      case 'wav':
        return { format, durationMs: await ffprobeDurationMs(buffer) };
    }
  } catch (error) {
    if (
      error instanceof AmrFormatError ||
      error instanceof QcpFormatError ||
      error instanceof AudioFormatError
    ) {
      throw new AudioFormatError(error.message);
    }
    throw error;
  }
}

const GSM_FRAME_BYTES = 33;

export function detectFormat(buffer: Buffer): AudioFormat | null {
  const ascii = (from: number, to: number) => buffer.subarray(from, to).toString('latin1');
  if (ascii(0, 9) === '#!AMR-WB\n') return 'amr-wb';
  if (ascii(0, 6) === '#!AMR\n') return 'amr-nb';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'QLCM') return 'qcelp';
  // Raw GSM 06.10: 33-byte frames whose first nibble is the 0xD signature.
  if (buffer.length > 0 && buffer.length % GSM_FRAME_BYTES === 0) {
    for (let offset = 0; offset < buffer.length; offset += GSM_FRAME_BYTES) {
      if (buffer[offset]! >> 4 !== 0xd) return null;
    }
    return 'gsm';
  }
  return null;
}

async function ffprobeDurationMs(buffer: Buffer): Promise<number> {
  const format = 'wav';
  const dir = await mkdtemp(join(tmpdir(), 'couchline-probe-'));
  try {
    const file = join(dir, 'in.wav');
    await writeFile(file, buffer);
    const { stdout } = await run(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file],
      { timeout: 20_000 },
    ).catch((error: { code?: unknown; killed?: boolean; signal?: unknown }) => {
      // Not started (a string code: ENOENT, EAGAIN, EMFILE…) or stopped by the timeout says nothing of the file.
      if (typeof error.code === 'string' || error.killed || error.signal)
        throw new ProbeUnavailableError(
          `ffprobe could not read the ${format} file (${String(error.code ?? error.signal)})`,
        );
      return { stdout: '' };
    });
    const seconds = Number.parseFloat(stdout.trim());
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new AudioFormatError(`the ${format} file cannot be read`);
    return Math.round(seconds * 1000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
