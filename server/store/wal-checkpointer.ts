import { once } from 'node:events';
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';

/** SQLite's own threshold, in pages: what the backend's connection falls back to without the thread. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/**
 * With the thread, the backend's connection still folds the log in itself past this many pages (~40 MB): only if
 * the thread has fallen that far behind, so the log can never grow without bound.
 */
const BACKSTOP_AUTOCHECKPOINT = 10_000;

/**
 * Folds the embedded database's write-ahead log into its file from a worker thread of its own, instead of inside
 * whichever commit passes SQLite's 1,000-page threshold. That commit used to pay for the checkpoint's copy and two
 * fsyncs on the event loop: 5–14 ms, one commit in a hundred at 200 alerts a second (each statement timed during
 * `node bench/push-fanout.ts`: commits p50 0.17 ms, p99 9.2 ms before, p99 0.25 ms after). A PASSIVE checkpoint
 * takes no writer lock, so commits go on while the thread copies.
 *
 * The thread starts a little after the database opens (a test's database that lives for a moment never starts
 * one), never keeps the process alive, and stops before the backend's connection closes, so that one, closing
 * last, folds in the rest and removes the log as before. If it cannot run, SQLite's own checkpoints come back.
 */
export class WalCheckpointer {
  private readonly file: DatabaseSync;
  private readonly path: string;
  private readonly intervalMs: number;
  private readonly log: Logger | null;
  private readonly startTimer: NodeJS.Timeout;
  private worker: Worker | null = null;
  private stopped = false;
  /** Checkpoints that copied something, for the tests and the benches that look. */
  checkpoints = 0;

  constructor(options: {
    file: DatabaseSync;
    path: string;
    intervalMs?: number;
    startAfterMs?: number;
    log?: Logger;
  }) {
    this.file = options.file;
    this.path = options.path;
    this.intervalMs = options.intervalMs ?? 250;
    this.log = options.log ?? null;
    this.startTimer = setTimeout(() => this.start(), options.startAfterMs ?? 1000);
    this.startTimer.unref();
  }

  private start(): void {
    if (this.stopped) return;
    const worker = new Worker(new URL('./wal-checkpoint-worker.ts', import.meta.url), {
      workerData: { path: this.path, intervalMs: this.intervalMs },
    });
    worker.unref();
    this.worker = worker;
    this.file.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
    worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'checkpointed') this.checkpoints++;
      else this.log?.warn('write-ahead log checkpoint failed; retried', { error: message.message });
    });
    worker.on('error', (error) => {
      this.log?.error('write-ahead log thread ended; SQLite checkpoints inline again', {
        error: String(error),
      });
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (!this.stopped) this.file.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    });
  }

  /** Whether the thread is running (it starts `startAfterMs` after the database opens). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Ends the thread, its connection closed; before the backend's own connection closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.startTimer);
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    const late = setTimeout(() => void worker.terminate(), 2000);
    await exited.catch(() => undefined);
    clearTimeout(late);
  }
}
