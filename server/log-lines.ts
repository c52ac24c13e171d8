import type { DestinationStream } from 'pino';

/** The JSON fields every line has, left out of a readable line's tail. */
const HEAD = new Set(['time', 'level', 'module', 'msg', 'pid', 'hostname']);

/**
 * One JSON log line as a person reads it in a terminal: `2026-12-06T00:20:57.000Z INFO  [push] device connected
 * {"deviceId":"stb-1"}` — the line logger's format from before pino, for `npm start` in a terminal
 * (COUCHLINE_LOG_FORMAT=pretty). A line that is not JSON passes through as it is.
 */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !HEAD.has(key)));
  const tail = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : '';
  const level = String(entry['level']).toUpperCase().padEnd(5);
  return `${String(entry['time'])} ${level} [${String(entry['module'])}] ${String(entry['msg'])}${tail}`;
}

/** A pino destination writing {@link readableLine}s to `out` (a terminal). */
export function readableLines(out: { write(text: string): unknown }): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line !== '') out.write(readableLine(line) + '\n');
    },
  };
}
