import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { amrDurationMs, AmrFormatError } from './amr.ts';

const amrNbDurationMs = (file: Uint8Array) => amrDurationMs(file, 'amr-nb');

const MAGIC = Buffer.from('#!AMR\n', 'latin1');
/** A mode-7 (12.2 kbit/s) speech frame: header 0x3c, 31 payload bytes. */
const speech = () => Buffer.concat([Buffer.from([0x3c]), Buffer.alloc(31, 0x55)]);
/** A NO_DATA frame (DTX): header 0x7c, no payload — still 20 ms of time. */
const noData = () => Buffer.from([0x7c]);

describe('AMR-NB duration', () => {
  test('counts every frame, DTX ones included, as 20 ms', () => {
    const file = Buffer.concat([MAGIC, speech(), noData(), noData(), speech()]);
    assert.equal(amrNbDurationMs(file), 80);
  });

  test('rejects files without the magic header', () => {
    assert.throws(() => amrNbDurationMs(Buffer.from('RIFF....WAVE')), AmrFormatError);
  });

  test('rejects a truncated final frame', () => {
    const file = Buffer.concat([MAGIC, speech(), speech().subarray(0, 10)]);
    assert.throws(() => amrNbDurationMs(file), /truncated frame/);
  });

  test('rejects reserved frame types and bad padding bits', () => {
    assert.throws(() => amrNbDurationMs(Buffer.concat([MAGIC, Buffer.from([0x60])])), /reserved/);
    assert.throws(() => amrNbDurationMs(Buffer.concat([MAGIC, Buffer.from([0xbc])])), /bad frame header/);
  });

  test('measures AMR-WB too, by its own frame table', () => {
    const wbMagic = Buffer.from('#!AMR-WB\n', 'latin1');
    // Mode 8 (23.85 kbit/s) is 61 bytes with its header; NO_DATA (type 15) is 1.
    const frame = Buffer.concat([Buffer.from([8 << 3]), Buffer.alloc(60, 0x11)]);
    assert.equal(amrDurationMs(Buffer.concat([wbMagic, frame, Buffer.from([15 << 3]), frame]), 'amr-wb'), 60);
    assert.throws(() => amrDurationMs(Buffer.concat([wbMagic, frame]), 'amr-nb'), /not an AMR-NB file/);
  });

  test('rejects a header with no frames', () => {
    assert.throws(() => amrNbDurationMs(MAGIC), /no frames/);
  });
});
