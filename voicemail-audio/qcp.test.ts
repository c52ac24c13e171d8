import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { qcpDurationMs, QcpFormatError } from './qcp.ts';

/** RIFF/QLCM around the given chunks (tag, declared size, body). */
function qcp(...chunks: [tag: string, size: number, body: Buffer][]): Buffer {
  const body = Buffer.concat([
    Buffer.from('QLCM', 'latin1'),
    ...chunks.map(([tag, size, data]) => {
      const header = Buffer.alloc(8);
      header.write(tag, 0, 'latin1');
      header.writeUInt32LE(size, 4);
      return Buffer.concat([header, data]);
    }),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

describe('QCP reader: malformed files are refused with QcpFormatError', () => {
  // Found by voicemail-audio/audio-format.property.test.ts: the flag was read past the chunk (and the file), so an
  // empty vrat chunk at the end threw a RangeError, which the carrier answered with a 500 instead of AUDIO_INVALID.
  test('a vrat chunk too short for its flag', () => {
    assert.throws(() => qcpDurationMs(qcp(['vrat', 0, Buffer.alloc(0)])), QcpFormatError);
    assert.throws(() => qcpDurationMs(qcp(['vrat', 2, Buffer.alloc(2)])), /vrat chunk too short/);
  });

  // Found by the same properties: a fixed-rate file with an empty data chunk measured 0 ms and was accepted, where a
  // variable-rate one (and an AMR file) with no audio is refused.
  test('a fixed-rate file with no packets', () => {
    const fmt = Buffer.alloc(150);
    fmt.writeUInt16LE(35, 102); // packet size
    assert.throws(() => qcpDurationMs(qcp(['fmt ', 150, fmt], ['data', 0, Buffer.alloc(0)])), /no packets/);
    assert.equal(qcpDurationMs(qcp(['fmt ', 150, fmt], ['data', 70, Buffer.alloc(70)])), 40);
  });
});
