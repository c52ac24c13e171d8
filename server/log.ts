/** A logger whose every line names its module, e.g. `[push] device stb-living connected`. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(module: string): Logger;
}

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

export function createLogger(level: LogLevel = 'info', module = 'couchline'): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (RANK[at] > RANK[level]) return;
    const tail = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    const line = `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${module}] ${message}${tail}`;
    (at === 'info' ? process.stdout : process.stderr).write(line + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (name) => createLogger(level, name),
  };
}

export const silentLogger: Logger = createLogger('silent');

/** A logger that keeps its lines, for tests that check what is (and is not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const make = (module: string): Logger => {
    const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} [${module}] ${message} ${fields ? JSON.stringify(fields) : ''}`);
    return { info: write('info'), warn: write('warn'), error: write('error'), child: make };
  };
  return Object.assign(make('couchline'), { lines });
}
