/**
 * The carriers' logger: every line names its module, e.g. `[carrier-sms] text accepted`. Its shape is the same as
 * our backend's, so one process (`npm start`) can hand both the same logger.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(module: string): Logger;
}

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

export function createLogger(level: LogLevel = 'info', module = 'carriers'): Logger {
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
