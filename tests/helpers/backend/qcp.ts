/**
 * Builds a QCELP-13K file in Qualcomm's QCP container (RFC 3625), since nothing on this machine encodes QCELP.
 * The frames are 1/8-rate (the rate used for background noise): one rate octet (1) and 3 data bytes each, 20 ms.
 * The data bits vary so no frame is all ones (which a decoder treats as an erasure).
 */
export function buildQcp(frames: number): Buffer {
  const fmt = Buffer.alloc(150);
  let o = 0;
  fmt.writeUInt8(1, o++); // major version
  fmt.writeUInt8(0, o++); // minor version
  // QCELP-13K codec GUID {5E7F6D41-B115-11D0-BA91-00805FB4B97E}, little-endian fields as stored in the file.
  Buffer.from([
    0x41, 0x6d, 0x7f, 0x5e, 0x15, 0xb1, 0xd0, 0x11, 0xba, 0x91, 0x00, 0x80, 0x5f, 0xb4, 0xb9, 0x7e,
  ]).copy(fmt, o);
  o += 16;
  fmt.writeUInt16LE(2, o); // codec version
  o += 2;
  fmt.write('Qcelp 13K', o, 'latin1'); // codec name, 80 bytes, zero padded
  o += 80;
  fmt.writeUInt16LE(13000, o); // average bits per second
  o += 2;
  fmt.writeUInt16LE(35, o); // packet size (the largest)
  o += 2;
  fmt.writeUInt16LE(160, o); // block size: samples per packet
  o += 2;
  fmt.writeUInt16LE(8000, o); // sampling rate
  o += 2;
  fmt.writeUInt16LE(16, o); // sample size
  o += 2;
  // Rate map: (bytes after the rate octet, rate octet) for full, half, quarter, eighth and blank rates.
  const rates: [number, number][] = [
    [34, 4],
    [16, 3],
    [7, 2],
    [3, 1],
    [0, 0],
  ];
  fmt.writeUInt32LE(rates.length, o);
  o += 4;
  for (const [size, rate] of rates) {
    fmt.writeUInt8(size, o++);
    fmt.writeUInt8(rate, o++);
  }
  // The remaining rate-map entries and 5 reserved words stay zero.

  const vrat = Buffer.alloc(8);
  vrat.writeUInt32LE(1, 0); // variable rate
  vrat.writeUInt32LE(frames, 4); // size in packets

  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    data[i * 4] = 1; // 1/8 rate
    data[i * 4 + 1] = (i * 37) & 0x7f;
    data[i * 4 + 2] = (i * 11) & 0x3f;
    data[i * 4 + 3] = 0x10;
  }

  const chunk = (tag: string, body: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(tag, 0, 'latin1');
    header.writeUInt32LE(body.length, 4);
    return Buffer.concat([header, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([
    Buffer.from('QLCM', 'latin1'),
    chunk('fmt ', fmt),
    chunk('vrat', vrat),
    chunk('data', data),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
