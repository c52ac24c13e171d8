import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import type { Readable, Writable } from 'node:stream';

export type FfmpegProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * One ffmpeg started ahead of need, waiting for its input on stdin. Debian's ffmpeg links some 215 shared
 * libraries, and loading them takes 0.1–0.2 s on this machine before it reads a byte: a first listen would wait
 * for that, as the player asks for the audio a moment after the PIN is checked. A spare pays for it while nobody
 * waits — when a message arrives ({@link warm}) and after each transcode — and is stopped after `idleMs` unused
 * (it holds ~9 MB of its own; its libraries' pages are shared).
 *
 * An idle spare does not keep this process alive, and dies with it: its stdin closes, ffmpeg reads an empty
 * input and exits.
 */
export class FfmpegSpare {
  private readonly args: readonly string[];
  private readonly idleMs: number;
  private spare: FfmpegProcess | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  /** @param args ffmpeg's arguments, reading its input from `pipe:0`. */
  constructor(args: readonly string[], options: { idleMs?: number } = {}) {
    this.args = args;
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  /** Starts a spare if there is none (or it has died), and keeps it another `idleMs`. */
  warm(): void {
    if (this.closed) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopSpare(), this.idleMs);
    this.idleTimer.unref();
    if (this.spare && isRunning(this.spare)) return;
    let child: FfmpegProcess;
    try {
      child = spawnFfmpeg(this.args);
    } catch {
      // No spare this time (ffmpeg missing, no processes or files left): the listen starts its own, and says why.
      this.spare = null;
      return;
    }
    this.spare = child;
    setReferenced(child, false);
    child.once('exit', () => {
      if (this.spare === child) this.spare = null;
    });
  }

  /**
   * The spare if it is still running (it is no longer the spare), else an ffmpeg started now.
   * @throws {FfmpegStartError} when none can be started.
   */
  take(): FfmpegProcess {
    const spare = this.spare;
    this.spare = null;
    if (spare && isRunning(spare)) {
      setReferenced(spare, true);
      return spare;
    }
    return spawnFfmpeg(this.args);
  }

  /** Whether a spare is waiting (for tests and the bench). */
  get ready(): boolean {
    return this.spare !== null && isRunning(this.spare);
  }

  close(): void {
    this.closed = true;
    this.stopSpare();
  }

  private stopSpare(): void {
    clearTimeout(this.idleTimer);
    this.spare?.kill('SIGKILL');
    this.spare = null;
  }
}

/** A spare waiting is unreferenced, so it never holds the process open; one in use is referenced again. */
function setReferenced(child: FfmpegProcess, referenced: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as { ref(): void; unref(): void }[]) {
    if (referenced) handle.ref();
    else handle.unref();
  }
}

/** ffmpeg could not be started at all: not installed, or the machine is out of processes or file descriptors. */
export class FfmpegStartError extends Error {
  override name = 'FfmpegStartError';
}

/**
 * Starts ffmpeg with its three pipes.
 * @throws {FfmpegStartError} when it cannot be started (its 'error' event, which would otherwise end this
 *   process for want of a listener, is handled here).
 */
export function spawnFfmpeg(args: readonly string[]): FfmpegProcess {
  let child: FfmpegProcess;
  try {
    child = spawn('ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    // Errors other than the few Node reports as events (ENOMEM from fork, for one) are thrown here.
    throw new FfmpegStartError(`ffmpeg could not be started (${String(error)})`);
  }
  child.on('error', () => undefined);
  // A process id is set at once when the start succeeded; without one the start failed (ENOENT, EMFILE, EAGAIN),
  // and its pipes may not exist.
  if (child.pid === undefined) throw new FfmpegStartError('ffmpeg could not be started');
  // Writing the input to an ffmpeg that has already given up fails with EPIPE; its exit code says what went
  // wrong, so the write's own error is only swallowed here.
  child.stdin.on('error', () => undefined);
  // Below the backend's own priority: a 3-minute message keeps a core busy for seconds, and the sockets, the
  // webhooks and the other listens' first bytes must not queue behind it. (A process may always lower its own.)
  try {
    setPriority(child.pid, Math.min(19, getPriority() + FFMPEG_NICENESS));
  } catch {
    // Gone already, or a system that refuses it: the run goes on at the backend's priority.
  }
  return child;
}

/** How many nice(1) levels below the backend ffmpeg runs (19 is the lowest there is). */
const FFMPEG_NICENESS = 10;

function isRunning(child: FfmpegProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
