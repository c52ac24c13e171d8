import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { logContext } from './log-context.ts';
import { readableLines } from './log-lines.ts';

/**
 * A logger whose every line names its module and, where known, the request, device and household it is about.
 * Lines are JSON (pino), one per line on stdout: `{"level":"info","time":"…","module":"push","msg":"device
 * connected","deviceId":"stb-1"}`.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The logger of a module; `bindings` (a device id, a household id) go on each of its lines. */
  child(module: string, bindings?: Record<string, unknown>): Logger;
}

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';
export const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info'];
/** `json`: one JSON object a line (machines); `pretty`: the same as readable lines (a developer's terminal). */
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** The module of the root logger's own lines. */
  module?: string;
  /** Readable lines in a terminal, JSON otherwise, unless set (COUCHLINE_LOG_FORMAT). */
  format?: LogFormat;
  /** Where lines go (tests); stdout by default, written synchronously so a line before an exit is not lost. */
  destination?: DestinationStream;
  /** On every line (the process's role). */
  bindings?: Record<string, unknown>;
}

export function createLogger(level: LogLevel = 'info', options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const destination =
    options.destination ??
    (format === 'pretty' ? readableLines(process.stdout) : pino.destination({ dest: 1, sync: true }));
  const root = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      base: { pid: process.pid, ...options.bindings },
    },
    destination,
  );
  return onPino(root, { module: options.module ?? 'couchline' });
}

/** Children are made from the root, so a module named again replaces its parent's rather than repeating the key. */
function onPino(root: Pino, bindings: Record<string, unknown>): Logger {
  const logger = root.child(bindings);
  const write = (at: 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
    if (!logger.isLevelEnabled(at)) return;
    const context = logContext.current();
    const known = context ? Object.entries(context).filter(([key]) => !(key in bindings)) : [];
    if (known.length === 0 && !fields) logger[at](message);
    else logger[at]({ ...Object.fromEntries(known), ...fields }, message);
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (module, more) => onPino(root, { ...bindings, ...more, module }),
  };
}

export const silentLogger: Logger = createLogger('silent', { format: 'json', destination: { write() {} } });

/** A logger that keeps its lines, for tests that check what is (and is not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const make = (module: string, bindings?: Record<string, unknown>): Logger => {
    const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
      const all = bindings ? { ...bindings, ...fields } : fields;
      lines.push(`${level} [${module}] ${message} ${all ? JSON.stringify(all) : ''}`);
    };
    return { info: write('info'), warn: write('warn'), error: write('error'), child: make };
  };
  return Object.assign(make('couchline'), { lines });
}
