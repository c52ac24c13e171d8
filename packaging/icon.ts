import { crc32, deflateSync } from 'node:zlib';

/** The icon's tile colour: webOS draws the app tile in it too (appinfo.json's iconColor). */
export const ICON_TILE_COLOR = '#1f6feb';
const TILE_RGB = [1, 3, 5].map((at) => parseInt(ICON_TILE_COLOR.slice(at, at + 2), 16));

/**
 * The Couchline icon, square, `size` pixels a side, as a PNG: a TV-blue tile with a white speech bubble — drawn here
 * rather than kept as binary files, so every store gets the size it asks for. Square only: launchers draw icons in
 * square tiles, and a wider one is squeezed.
 */
export function iconPng(size: number): Buffer {
  const [width, height] = [size, size];
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
      row.set(white ? [255, 255, 255] : TILE_RGB, 1 + x * 3);
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
