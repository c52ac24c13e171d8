import { crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';

/** A file to put in an archive: its path inside, and its bytes. */
export interface ArchiveEntry {
  path: string;
  data: Uint8Array;
}

/**
 * A ZIP archive (PKWARE APPNOTE 6.3: local headers, deflated data, central directory), as a Tizen .wgt is. Written
 * here because Samsung's packager ships only with Tizen Studio, not on npm or apt.
 */
export function zip(entries: readonly ArchiveEntry[], mtime = new Date()): Buffer {
  const time = ((mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1)) & 0xffff;
  const date =
    (((mtime.getFullYear() - 1980) << 9) | ((mtime.getMonth() + 1) << 5) | mtime.getDate()) & 0xffff;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const deflated = deflateRawSync(entry.data, { level: 9 });
    // Store what does not shrink (PNGs, already compressed).
    const stored = deflated.length >= entry.data.length;
    const body = stored ? Buffer.from(entry.data) : deflated;
    const crc = crc32(entry.data);
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed: 2.0
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(stored ? 0 : 8, at + 4);
      header.writeUInt16LE(time, at + 6);
      header.writeUInt16LE(date, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(body.length, at + 14);
      header.writeUInt32LE(entry.data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
    common(central, 6);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A gzipped POSIX ustar archive of regular files (directories are implied by the paths). */
export function tarGz(entries: readonly ArchiveEntry[], mtime = new Date()): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const header = Buffer.alloc(512);
    const name = Buffer.from(entry.path, 'utf8');
    if (name.length > 100) {
      // ustar: the last 100 bytes in `name`, the leading directories in `prefix`.
      const cut = entry.path.lastIndexOf('/', entry.path.length - 1 - (name.length - 100));
      if (cut <= 0 || cut > 155) throw new Error(`path too long for a tar archive: ${entry.path}`);
      header.write(entry.path.slice(cut + 1), 0, 'utf8');
      header.write(entry.path.slice(0, cut), 345, 'utf8');
    } else {
      header.write(entry.path, 0, 'utf8');
    }
    const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
    header.write(octal(0o644, 8), 100);
    header.write(octal(0, 8), 108);
    header.write(octal(0, 8), 116);
    header.write(octal(entry.data.length, 12), 124);
    header.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
    header.write('        ', 148); // checksum counted as spaces
    header.write('0', 156); // regular file
    header.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, Buffer.from(entry.data), Buffer.alloc((512 - (entry.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

/** The regular files of a gzipped ustar archive (as {@link tarGz} and LG's packager write them). */
export function readTarGz(archive: Uint8Array): ArchiveEntry[] {
  const tar = gunzipSync(archive);
  const entries: ArchiveEntry[] = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(345, 155);
    const path = (prefix ? `${prefix}/` : '') + field(0, 100);
    const type = field(156, 1);
    if (type === '0' || type === '') entries.push({ path, data: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** One member of a Unix `ar` archive (a .ipk, like a .deb, is one): its 60-byte header as written, and its data. */
export interface ArMember {
  name: string;
  header: Uint8Array;
  data: Uint8Array;
}

const AR_MAGIC = '!<arch>\n';

export function readAr(archive: Uint8Array): ArMember[] {
  const bytes = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  if (bytes.subarray(0, 8).toString('latin1') !== AR_MAGIC) throw new Error('not an ar archive');
  const members: ArMember[] = [];
  for (let at = 8; at + 60 <= bytes.length;) {
    const header = bytes.subarray(at, at + 60);
    const size = Number(header.subarray(48, 58).toString('latin1').trim());
    // GNU ar ends names with "/", BSD ar does not.
    const name = header.subarray(0, 16).toString('latin1').trim().replace(/\/$/, '');
    members.push({ name, header, data: bytes.subarray(at + 60, at + 60 + size) });
    at += 60 + size + (size % 2); // members start on even offsets
  }
  return members;
}

/** An `ar` archive of `members`, each header kept as it was but for the data's size. */
export function writeAr(members: readonly ArMember[]): Buffer {
  const parts: Buffer[] = [Buffer.from(AR_MAGIC, 'latin1')];
  for (const member of members) {
    const header = Buffer.from(member.header);
    header.write(String(member.data.length).padEnd(10, ' '), 48, 'latin1');
    parts.push(header, Buffer.from(member.data));
    if (member.data.length % 2 === 1) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}
