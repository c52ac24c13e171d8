// Properties of the voicemail audio readers (AMR-NB/WB, QCELP in QCP, raw GSM, WAV): whatever bytes a caller or a
// carrier sends, they measure the file or refuse it with their own error — never another exception, never a hang —
// and a file built to the format's rules with any field values measures as what it was built to be.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { propertyOptions, runs } from '../tests/helpers/backend/property.ts';
import { amrDurationMs, amrFrames, AmrFormatError } from './amr.ts';
import { AudioFormatError, detectFormat, probeAudio } from './audio-format.ts';
import { qcpDurationMs, QcpFormatError } from './qcp.ts';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const bytes = (maxLength = 300) => fc.uint8Array({ maxLength }).map((b) => Buffer.from(b));

// ——— AMR (RFC 4867 §5; frame sizes from 3GPP TS 26.101 and 26.201, header byte included) ———

type AmrVariant = 'amr-nb' | 'amr-wb';
const AMR_MAGIC: Record<AmrVariant, Buffer> = { 'amr-nb': ascii('#!AMR\n'), 'amr-wb': ascii('#!AMR-WB\n') };
/**
 * Speech modes, SID and NO_DATA (and WB's SPEECH_LOST): frame type → bytes with the header. NB's types 9–11 (the
 * older codecs' SIDs) are read as ffmpeg's AMR demuxer reads them, without a payload.
 */
const AMR_FRAME_BYTES: Record<AmrVariant, Record<number, number>> = {
  'amr-nb': { 0: 13, 1: 14, 2: 16, 3: 18, 4: 20, 5: 21, 6: 27, 7: 32, 8: 6, 9: 1, 10: 1, 11: 1, 15: 1 },
  'amr-wb': { 0: 18, 1: 24, 2: 33, 3: 37, 4: 41, 5: 47, 6: 51, 7: 59, 8: 61, 9: 6, 14: 1, 15: 1 },
};

/** One frame: its type, the quality bit, any payload of the type's size. */
const amrFrame = (variant: AmrVariant) =>
  fc
    .tuple(fc.constantFrom(...Object.keys(AMR_FRAME_BYTES[variant]).map(Number)), fc.boolean())
    .chain(([type, good]) =>
      fc
        .uint8Array({
          minLength: AMR_FRAME_BYTES[variant][type]! - 1,
          maxLength: AMR_FRAME_BYTES[variant][type]! - 1,
        })
        .map((payload) => Buffer.concat([Buffer.from([(type << 3) | (good ? 0x04 : 0)]), payload])),
    );

const amrFile = (variant: AmrVariant) =>
  fc
    .array(amrFrame(variant), { minLength: 1, maxLength: 60 })
    .map((frames) => ({ frames, file: Buffer.concat([AMR_MAGIC[variant], ...frames]) }));

/** What the readers are most likely to stumble on: the magic, then anything; or a valid file, then anything. */
const amrLike = (variant: AmrVariant) =>
  fc.oneof(
    bytes(),
    bytes().map((tail) => Buffer.concat([AMR_MAGIC[variant], tail])),
    fc.tuple(amrFile(variant), bytes(40)).map(([{ file }, tail]) => Buffer.concat([file, tail])),
  );

for (const variant of ['amr-nb', 'amr-wb'] as const) {
  describe(`${variant.toUpperCase()}: properties`, () => {
    test('any bytes are measured or refused with AmrFormatError; what is measured is frames that tile the file exactly', () => {
      fc.assert(
        fc.property(amrLike(variant), (file) => {
          let frames;
          try {
            frames = amrFrames(file, variant);
          } catch (error) {
            assert.ok(error instanceof AmrFormatError, `not an AmrFormatError: ${String(error)}`);
            return;
          }
          assert.ok(frames.length > 0);
          let offset = AMR_MAGIC[variant].length;
          for (const frame of frames) {
            assert.equal(frame.offset, offset);
            assert.equal(frame.bytes, AMR_FRAME_BYTES[variant][(file[offset]! >> 3) & 0x0f]);
            offset += frame.bytes;
          }
          assert.equal(offset, file.length);
        }),
        runs(300),
      );
    });

    test('a file of any valid frames measures 20 ms a frame, each where it was put', () => {
      fc.assert(
        fc.property(amrFile(variant), ({ frames, file }) => {
          let offset = AMR_MAGIC[variant].length;
          const expected = frames.map((frame) => {
            const at = { offset, bytes: frame.length };
            offset += frame.length;
            return at;
          });
          assert.deepEqual(amrFrames(file, variant), expected);
          assert.equal(amrDurationMs(file, variant), frames.length * 20);
        }),
        propertyOptions,
      );
    });

    test('a valid file cut anywhere is refused as truncated, unless the cut falls between two frames', () => {
      fc.assert(
        fc.property(amrFile(variant), fc.nat(), ({ frames, file }, at) => {
          const magic = AMR_MAGIC[variant].length;
          const cut = magic + 1 + (at % (file.length - magic)); // after the first byte of the first frame
          const ends = frames.map((_, i) => magic + frames.slice(0, i + 1).reduce((n, f) => n + f.length, 0));
          const whole = ends.indexOf(cut);
          if (whole >= 0) assert.equal(amrDurationMs(file.subarray(0, cut), variant), (whole + 1) * 20);
          else assert.throws(() => amrDurationMs(file.subarray(0, cut), variant), /truncated frame/);
        }),
        propertyOptions,
      );
    });
  });
}

// ——— QCELP in a QCP container (RFC 3625) ———

function chunk(tag: string, body: Buffer, declaredSize = body.length): Buffer {
  const header = Buffer.alloc(8);
  header.write(tag, 0, 'latin1');
  header.writeUInt32LE(declaredSize >>> 0, 4);
  return Buffer.concat([header, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}
const riff = (form: string, chunks: Buffer[]) => {
  const body = Buffer.concat([ascii(form), ...chunks]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
};

/** A `fmt ` chunk body (150 bytes): the packet size at 102, the rate map's count at 110 and its (size, octet) pairs from 114. */
function qcpFmt(
  packetSize: number,
  rates: readonly (readonly [size: number, octet: number])[],
  fill: Uint8Array,
): Buffer {
  const fmt = Buffer.alloc(150);
  Buffer.from(fill).copy(fmt); // whatever the codec GUID, name and rates say, only these fields are read
  fmt.writeUInt16LE(packetSize, 102);
  fmt.writeUInt32LE(rates.length, 110);
  fmt.fill(0, 114, 130);
  rates.forEach(([size, octet], i) => {
    fmt[114 + i * 2] = size;
    fmt[115 + i * 2] = octet;
  });
  return fmt;
}

type Chunk = readonly [tag: string, body: Buffer];
const qcp = (chunks: readonly Chunk[]) =>
  riff(
    'QLCM',
    chunks.map(([tag, body]) => chunk(tag, body)),
  );

/** Chunks a reader skips: any tag but ours, any body, odd sizes padded. */
const otherChunk: fc.Arbitrary<Chunk> = fc
  .tuple(
    fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz LISTINFO'),
      minLength: 4,
      maxLength: 4,
    }),
    bytes(30),
  )
  .filter(([tag]) => !['fmt ', 'vrat', 'data'].includes(tag));

/**
 * The chunks of a fixed-rate file (`packets` packets of `packetSize` bytes) or of a variable-rate one (each packet's
 * rate octet, then its size), of at least `minPackets` packets.
 */
const qcpChunks = (minPackets: number): fc.Arbitrary<{ packets: number; chunks: Chunk[] }> =>
  fc.oneof(
    fc
      .record({
        packetSize: fc.integer({ min: 1, max: 70 }),
        packets: fc.integer({ min: minPackets, max: 60 }),
        fill: fc.uint8Array({ minLength: 150, maxLength: 150 }),
        before: fc.array(otherChunk, { maxLength: 2 }),
        vrat: fc.boolean(),
      })
      .chain(({ packetSize, packets, fill, before, vrat }) =>
        fc.uint8Array({ minLength: packetSize * packets, maxLength: packetSize * packets }).map((data) => ({
          packets,
          chunks: [
            ['fmt ', qcpFmt(packetSize, [], fill)] as const,
            ...before,
            ...(vrat ? [['vrat', Buffer.from([0, 0, 0, 0, packets, 0, 0, 0])] as const] : []),
            ['data', Buffer.from(data)] as const,
          ],
        })),
      ),
    fc
      .record({
        rates: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.nat(255)), {
          minLength: 1,
          maxLength: 8,
          selector: ([, octet]) => octet,
        }),
        fill: fc.uint8Array({ minLength: 150, maxLength: 150 }),
        before: fc.array(otherChunk, { maxLength: 2 }),
      })
      .chain(({ rates, fill, before }) =>
        fc
          .array(
            fc
              .constantFrom(...rates)
              .chain(([size, octet]) =>
                fc
                  .uint8Array({ minLength: size, maxLength: size })
                  .map((body) => Buffer.from([octet, ...body])),
              ),
            { minLength: minPackets, maxLength: 60 },
          )
          .map((packets) => ({
            packets: packets.length,
            chunks: [
              ['fmt ', qcpFmt(0, rates, fill)] as const,
              ...before,
              ['vrat', Buffer.from([1, 0, 0, 0, packets.length, 0, 0, 0])] as const,
              ['data', Buffer.concat(packets)] as const,
            ],
          })),
      ),
  );
const qcpFile = (minPackets: number) =>
  qcpChunks(minPackets).map(({ packets, chunks }) => ({ packets, file: qcp(chunks) }));

/** RIFF/QLCM with chunks of our tags whose declared sizes may lie, and bodies of any bytes. */
const qcpLike = fc.oneof(
  { arbitrary: bytes(), weight: 1 },
  // Valid files, some with no packets at all.
  { arbitrary: qcpFile(0).map(({ file }) => file), weight: 1 },
  // A valid file cut short anywhere, then anything.
  {
    arbitrary: fc
      .tuple(qcpFile(1), fc.nat(), bytes(20))
      .map(([{ file }, cut, tail]) =>
        Buffer.concat([file.subarray(0, 12 + (cut % (file.length - 11))), tail]),
      ),
    weight: 1,
  },
  // A valid file's chunks, some left out and some cut short, each saying its new size.
  {
    arbitrary: fc
      .tuple(
        qcpChunks(1),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.nat(4), fc.nat(200))), { minLength: 1, maxLength: 2 }),
      )
      .map(([{ chunks }, keep, cuts]) => {
        const kept = chunks.filter((_, i) => keep[i]);
        for (const [which, length] of cuts) {
          const i = which % Math.max(1, kept.length);
          if (kept[i]) kept[i] = [kept[i][0], kept[i][1].subarray(0, length % (kept[i][1].length + 1))];
        }
        return qcp(kept);
      }),
    weight: 3,
  },
  // Chunks of our tags with any bodies, their sizes true or not.
  {
    arbitrary: fc
      .array(
        fc
          .tuple(
            fc.constantFrom('fmt ', 'vrat', 'data', 'junk'),
            // Short bodies, long ones, and ones long enough to be a fmt chunk.
            fc.oneof(
              bytes(8),
              bytes(200),
              fc.uint8Array({ minLength: 150, maxLength: 160 }).map((b) => Buffer.from(b)),
            ),
            fc.oneof(fc.constant(undefined), fc.nat(400), fc.constant(0xffffffff)),
          )
          .map(([tag, body, size]) => chunk(tag, body, size ?? body.length)),
        { maxLength: 4 },
      )
      .map((chunks) => riff('QLCM', chunks)),
    weight: 1,
  },
);

describe('QCELP (QCP): properties', () => {
  test('any bytes are measured (a positive number of 20 ms packets) or refused with QcpFormatError', () => {
    fc.assert(
      fc.property(qcpLike, (file) => {
        let ms;
        try {
          ms = qcpDurationMs(file);
        } catch (error) {
          assert.ok(error instanceof QcpFormatError, `not a QcpFormatError: ${String(error)}`);
          return;
        }
        assert.ok(Number.isSafeInteger(ms / 20) && ms > 0, `measured ${ms} ms`);
      }),
      runs(500),
    );
  });

  test('a file of any valid packets, fixed or variable rate, measures 20 ms a packet', () => {
    fc.assert(
      fc.property(qcpFile(1), ({ packets, file }) => {
        assert.equal(qcpDurationMs(file), packets * 20);
      }),
      propertyOptions,
    );
  });
});

// ——— Raw GSM 06.10 and recognising a file by its bytes ———

/** 33-byte frames, each starting with the 0xD signature nibble. */
const gsmFile = fc
  .array(
    fc
      .uint8Array({ minLength: 33, maxLength: 33 })
      .map((frame) => Buffer.from([0xd0 | (frame[0]! & 0x0f), ...frame.subarray(1)])),
    { minLength: 1, maxLength: 60 },
  )
  .map((frames) => ({ frames: frames.length, file: Buffer.concat(frames) }));

describe('GSM and format recognition: properties', () => {
  test('a file of any valid GSM frames is recognised and measures 20 ms a frame', async () => {
    await fc.assert(
      fc.asyncProperty(gsmFile, async ({ frames, file }) => {
        assert.equal(detectFormat(file), 'gsm');
        assert.deepEqual(await probeAudio(file), { format: 'gsm', durationMs: frames * 20 });
      }),
      propertyOptions,
    );
  });

  test('GSM frames with one signature nibble wrong are not GSM', () => {
    fc.assert(
      fc.property(gsmFile, fc.nat(), fc.integer({ min: 0, max: 15 }), ({ frames, file }, which, nibble) => {
        fc.pre(nibble !== 0xd);
        const bad = Buffer.from(file);
        bad[(which % frames) * 33] = (nibble << 4) | (bad[(which % frames) * 33]! & 0x0f);
        assert.equal(detectFormat(bad), null);
      }),
      propertyOptions,
    );
  });

  test('any bytes (but WAV) are measured as the format they are recognised as, or refused with AudioFormatError', async () => {
    const anyAudio = fc.oneof(
      bytes(),
      amrLike('amr-nb'),
      amrLike('amr-wb'),
      qcpLike,
      fc.tuple(gsmFile, bytes(40)).map(([{ file }, tail]) => Buffer.concat([file, tail])),
    );
    await fc.assert(
      fc.asyncProperty(anyAudio, async (file) => {
        const format = detectFormat(file);
        fc.pre(format !== 'wav'); // ffprobe measures WAV: its own property, with fewer runs
        let probed;
        try {
          probed = await probeAudio(file);
        } catch (error) {
          assert.ok(error instanceof AudioFormatError, `not an AudioFormatError: ${String(error)}`);
          return;
        }
        assert.equal(probed.format, format);
        assert.ok(probed.durationMs > 0 && Number.isSafeInteger(probed.durationMs / 20));
      }),
      runs(500),
    );
  });
});

// ——— WAV (measured by ffprobe) ———

/** A PCM WAV: any rate, 1 or 2 channels, 8 or 16 bits, any number of sample frames, maybe a LIST chunk first. */
const wavFile = fc
  .record({
    sampleRate: fc.oneof(
      fc.constantFrom(8000, 11025, 16000, 22050, 44100, 48000),
      fc.integer({ min: 4000, max: 96000 }),
    ),
    channels: fc.integer({ min: 1, max: 2 }),
    bits: fc.constantFrom(8, 16),
    frames: fc.integer({ min: 1, max: 3 * 8000 }),
    list: fc.boolean(),
  })
  .map(({ sampleRate, channels, bits, frames, list }) => {
    const blockAlign = (channels * bits) / 8;
    const fmt = Buffer.alloc(16);
    fmt.writeUInt16LE(1, 0); // PCM
    fmt.writeUInt16LE(channels, 2);
    fmt.writeUInt32LE(sampleRate, 4);
    fmt.writeUInt32LE(sampleRate * blockAlign, 8);
    fmt.writeUInt16LE(blockAlign, 12);
    fmt.writeUInt16LE(bits, 14);
    const data = Buffer.alloc(frames * blockAlign, bits === 8 ? 0x80 : 0);
    const info = chunk('LIST', Buffer.concat([ascii('INFO'), chunk('ISFT', ascii('couchline\0'))]));
    return {
      sampleRate,
      frames,
      file: riff('WAVE', [chunk('fmt ', fmt), ...(list ? [info] : []), chunk('data', data)]),
    };
  });

describe('WAV: properties', () => {
  test('a PCM file with any rate, channels, sample size and length measures its frames ÷ its rate', async () => {
    await fc.assert(
      fc.asyncProperty(wavFile, async ({ sampleRate, frames, file }) => {
        const probed = await probeAudio(file);
        assert.equal(probed.format, 'wav');
        const exact = (frames * 1000) / sampleRate;
        assert.ok(Math.abs(probed.durationMs - exact) <= 1, `${probed.durationMs} ms, not ${exact}`);
      }),
      { ...runs(8), timeout: 15_000 },
    );
  });

  test('any bytes after a RIFF/WAVE header are measured or refused with AudioFormatError, in bounded time', async () => {
    const wavLike = fc.oneof(
      bytes(200).map((body) => riff('WAVE', [body])),
      fc.tuple(wavFile, fc.nat(), bytes(30)).map(([{ file }, cut, noise]) => {
        const damaged = Buffer.from(file);
        noise.copy(damaged, 12 + (cut % Math.max(1, damaged.length - 12)));
        return damaged;
      }),
    );
    await fc.assert(
      fc.asyncProperty(wavLike, async (file) => {
        try {
          const probed = await probeAudio(file);
          assert.equal(probed.format, 'wav');
          // Rounded to the millisecond: a file of a few samples measures 0.
          assert.ok(Number.isSafeInteger(probed.durationMs) && probed.durationMs >= 0);
        } catch (error) {
          assert.ok(error instanceof AudioFormatError, `not an AudioFormatError: ${String(error)}`);
        }
      }),
      { ...runs(8), timeout: 15_000 },
    );
  });
});
