import { crc32, deflateSync } from 'node:zlib';

/**
 * The Couchline icon at any size, as a PNG: a TV-blue tile with a white speech bubble — drawn here rather than kept
 * as binary files, so every store gets the size it asks for.
 */
export function iconPng(width: number, height: number): Buffer {
  const rows: Buffer[] = [];
  const [cx, cy] = [width / 2, height * 0.46];
  const [rx, ry] = [width * 0.3, height * 0.22];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const inBubble = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
      // The bubble's tail, down and to the left.
      const tail =
        y > cy && y < cy + ry * 1.6 && x > cx - rx * 0.5 && x < cx - rx * 0.5 + (cy + ry * 1.6 - y) * 0.6;
      const white = inBubble || tail;
      row.set(white ? [255, 255, 255] : [31, 111, 235], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
