/**
 * QCELP in Qualcomm's QCP container (RFC 3625): RIFF "QLCM" with a `fmt ` chunk (codec GUID, rate map), an
 * optional `vrat` chunk (variable rate) and a `data` chunk of packets, 20 ms each. ffprobe estimates a QCP file's
 * duration from the nominal bitrate, which is wrong for variable-rate files, so packets are counted here.
 */
export class QcpFormatError extends Error {
  override name = 'QcpFormatError';
}

const FRAME_MS = 20;

export function qcpDurationMs(buffer: Buffer): number {
  if (
    buffer.length < 12 ||
    buffer.toString('latin1', 0, 4) !== 'RIFF' ||
    buffer.toString('latin1', 8, 12) !== 'QLCM'
  ) {
    throw new QcpFormatError('not a QCP file');
  }
  let offset = 12;
  let packetSize = 0;
  let variableRate = false;
  const rateSizes = new Map<number, number>();
  while (offset + 8 <= buffer.length) {
    const tag = buffer.toString('latin1', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > buffer.length) throw new QcpFormatError(`truncated ${tag.trim()} chunk`);
    if (tag === 'fmt ') {
      if (size < 150) throw new QcpFormatError('fmt chunk too short');
      packetSize = buffer.readUInt16LE(body + 102);
      const rates = Math.min(buffer.readUInt32LE(body + 110), 8);
      for (let i = 0; i < rates; i++) rateSizes.set(buffer[body + 115 + i * 2]!, buffer[body + 114 + i * 2]!);
    } else if (tag === 'vrat') {
      if (size < 4) throw new QcpFormatError('vrat chunk too short');
      variableRate = buffer.readUInt32LE(body) !== 0;
    } else if (tag === 'data') {
      if (packetSize === 0 && rateSizes.size === 0) throw new QcpFormatError('data before fmt');
      return countPackets(buffer.subarray(body, body + size), variableRate, packetSize, rateSizes) * FRAME_MS;
    }
    offset = body + size + (size % 2);
  }
  throw new QcpFormatError('no data chunk');
}

function countPackets(
  data: Buffer,
  variableRate: boolean,
  packetSize: number,
  rateSizes: Map<number, number>,
): number {
  if (!variableRate) {
    if (packetSize === 0 || data.length % packetSize !== 0) throw new QcpFormatError('truncated packet');
    if (data.length === 0) throw new QcpFormatError('no packets');
    return data.length / packetSize;
  }
  let packets = 0;
  for (let offset = 0; offset < data.length; packets++) {
    const size = rateSizes.get(data[offset]!);
    if (size === undefined) throw new QcpFormatError(`unknown packet rate ${data[offset]} at byte ${offset}`);
    offset += 1 + size;
    if (offset > data.length) throw new QcpFormatError('truncated packet');
  }
  if (packets === 0) throw new QcpFormatError('no packets');
  return packets;
}
