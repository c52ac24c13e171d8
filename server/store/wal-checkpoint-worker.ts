// The thread wal-checkpointer.ts starts: its own connection to the database file, copying the write-ahead log into
// the file on a timer. A PASSIVE checkpoint takes no writer lock, so the backend's commits go on while it runs; its
// fsyncs wait here, not on the backend's event loop.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new DatabaseSync(path);
db.exec('PRAGMA busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

/** The last answer: the same one again (nothing written since) is not a checkpoint to report. */
let last = '';
/** A failure that repeats (a full disk) is reported once a minute, not at every tick. */
let lastFailureReported = 0;
const timer = setInterval(() => {
  try {
    const { log, checkpointed } = checkpoint.get() as { log: number; checkpointed: number };
    const answer = `${log}/${checkpointed}`;
    if (checkpointed > 0 && answer !== last)
      parentPort!.postMessage({ type: 'checkpointed', log, checkpointed });
    last = answer;
  } catch (error) {
    // Busy past the timeout or the disk refusing: said to the backend, tried again at the next tick.
    if (Date.now() - lastFailureReported < 60_000) return;
    lastFailureReported = Date.now();
    parentPort!.postMessage({ type: 'failed', message: String(error) });
  }
}, intervalMs);

parentPort!.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
