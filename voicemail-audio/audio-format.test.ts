import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { amrWithDtx, buildAmrWb, soxTone } from '../tests/helpers/backend/audio-fixtures.ts';
import { buildQcp } from '../tests/helpers/backend/qcp.ts';
import { AudioFormatError, detectFormat, probeAudio } from './audio-format.ts';

describe('voicemail audio formats', () => {
  test('recognises and measures AMR-NB, AMR-WB, GSM, WAV and QCELP', async () => {
    assert.deepEqual(await probeAudio(soxTone('amr-nb', 2)), { format: 'amr-nb', durationMs: 2000 });
    assert.deepEqual(await probeAudio(buildAmrWb(100)), { format: 'amr-wb', durationMs: 2000 });
    assert.deepEqual(await probeAudio(soxTone('gsm', 2)), { format: 'gsm', durationMs: 2000 });
    assert.deepEqual(await probeAudio(soxTone('wav', 2)), { format: 'wav', durationMs: 2000 });
    assert.deepEqual(await probeAudio(buildQcp(150)), { format: 'qcelp', durationMs: 3000 });
  });

  test('counts suppressed silence in AMR as time', async () => {
    const { bytes, durationMs } = amrWithDtx(1, 100);
    assert.equal(durationMs, 3000);
    assert.deepEqual(await probeAudio(bytes), { format: 'amr-nb', durationMs: 3000 });
  });

  test('refuses unknown, truncated and empty files with a reason', async () => {
    await assert.rejects(
      probeAudio(Buffer.from('ID3\x04 an mp3')),
      (e: Error) => e instanceof AudioFormatError && /not a recognised/.test(e.message),
    );
    const amr = soxTone('amr-nb', 1);
    await assert.rejects(probeAudio(amr.subarray(0, amr.length - 5)), /truncated/);
    await assert.rejects(probeAudio(buildQcp(50).subarray(0, 300)), /truncated/);
    await assert.rejects(probeAudio(Buffer.alloc(0)), AudioFormatError);
    assert.equal(detectFormat(Buffer.from('#!AMR-WB\n')), 'amr-wb');
  });
});
