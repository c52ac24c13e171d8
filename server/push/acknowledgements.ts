import type { Database } from '../store/database.ts';
import type { TypedEvents } from '../typed-events.ts';
import type { PushEvents } from './gateway.ts';
import type { OutboxEntry } from './outbox-repository.ts';

/** One device's acknowledgement waiting to be recorded. */
export interface PendingAck {
  deviceId: string;
  /** Cumulative: everything of the device up to it reached the device. */
  seq: number;
  /** The events the socket sent up to `seq`, when it sent them all; else they are read from the outbox. */
  sent: readonly OutboxEntry[] | undefined;
}

interface Waiting extends PendingAck {
  settled: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The acknowledgements of the sockets one gateway holds, recorded in batches (issue 16): those that arrive within
 * a short window (and while the batch before is being written) are written together, in one transaction — the
 * outbox rows leave and the delivery log says "delivered" in one commit instead of two per acknowledgement.
 *
 * Each `add` resolves once its acknowledgement is committed, so the socket's next frame is handled after it.
 * Nothing is lost if the process dies meanwhile: an acknowledgement not recorded only means the device is sent the
 * event again when it reconnects, and drops it by its sequence number. A batch that fails is retried one
 * acknowledgement at a time, so one device's failure does not hold back the others.
 */
export class Acknowledgements {
  private readonly store: Pick<Database, 'outbox' | 'transaction'>;
  private readonly events: TypedEvents<PushEvents>;
  private readonly now: () => number;
  private readonly windowMs: number;
  private waiting = new Map<string, Waiting>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;

  constructor(options: {
    store: Pick<Database, 'outbox' | 'transaction'>;
    /** The gateway's events: `acked` is told of each acknowledgement, in its batch's transaction. */
    events: TypedEvents<PushEvents>;
    now: () => number;
    windowMs: number;
  }) {
    this.store = options.store;
    this.events = options.events;
    this.now = options.now;
    this.windowMs = options.windowMs;
  }

  /** Resolves once the acknowledgement is recorded (rejects if it could not be). */
  add(deviceId: string, seq: number, sent?: readonly OutboxEntry[]): Promise<void> {
    const earlier = this.waiting.get(deviceId);
    if (earlier) {
      // Two acknowledgements of one device in one batch (a socket taken over): the later covers the earlier.
      earlier.sent = earlier.sent && sent ? [...earlier.sent, ...sent] : undefined;
      earlier.seq = Math.max(earlier.seq, seq);
      return earlier.settled;
    }
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const settled = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    this.waiting.set(deviceId, { deviceId, seq, sent, settled, resolve, reject });
    this.schedule();
    return settled;
  }

  /** Records what waits now (a gateway closing). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (this.waiting.size > 0) await this.writeBatch();
  }

  private schedule(): void {
    // A batch being written schedules the next when it is done.
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeBatch();
    }, this.windowMs);
  }

  private async writeBatch(): Promise<void> {
    const batch = [...this.waiting.values()];
    this.waiting = new Map();
    this.writing = this.write(batch);
    await this.writing;
    this.writing = undefined;
    if (this.waiting.size > 0) this.schedule();
  }

  /** One acknowledgement: the listeners hear of what reached the device, then its events leave the outbox. */
  private async record({ deviceId, seq, sent }: PendingAck): Promise<void> {
    if (this.events.has('acked')) {
      const reached =
        sent ?? (await this.store.outbox.pending(deviceId, 0, this.now())).filter((e) => e.seq <= seq);
      if (reached.length > 0) await this.events.emit('acked', { deviceId, entries: reached });
    }
    await this.store.outbox.ack(deviceId, seq);
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    try {
      await this.store.transaction(async () => {
        for (const ack of batch) await this.record(ack);
      });
      for (const ack of batch) ack.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const ack of batch) {
        await this.store.transaction(() => this.record(ack)).then(ack.resolve, ack.reject);
      }
    }
  }
}
