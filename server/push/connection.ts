import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { ErrorCode, ServerFrame } from '../../protocol/index.ts';
import type { OutboxEntry } from './outbox-repository.ts';

/**
 * One device's socket as the gateway keeps it: who it is once it said hello, whether it answers pings, and how
 * things are written to it. Its frames are handled, and events sent to it, one after another in one chain: the
 * database answers asynchronously, and `welcome` must still come first, the replay in order, and nothing twice.
 */
export class Connection {
  /** Names this socket on the bus: a takeover from it must not close it. */
  readonly id = randomUUID();
  readonly socket: WebSocket;
  deviceId: string | null = null;
  isAlive = true;
  /** Malformed frames in a row. */
  violations = 0;
  helloTimer: ReturnType<typeof setTimeout> | undefined;
  /** The token it said hello with, checked again now and then (a box may stay connected for months). */
  token: string | null = null;
  /** When the token was last checked. */
  checkedAt = 0;
  /** Stops the bus's messages for this device reaching this socket. */
  unsubscribe: (() => void) | undefined;
  /** The highest sequence number sent on this socket. */
  sentSeq = 0;
  /** Sent on this socket and not yet acknowledged, in order: an ack says which reached the device without a query. */
  private readonly unacked: OutboxEntry[] = [];
  private work: Promise<void> = Promise.resolve();
  private readonly onTaskError: (error: unknown) => void;

  constructor(socket: WebSocket, onTaskError: (error: unknown) => void) {
    this.socket = socket;
    this.onTaskError = onTaskError;
  }

  /** Runs `task` after everything already queued for this socket. */
  inOrder(task: () => void | Promise<void>): void {
    this.work = this.work.then(task).catch(this.onTaskError);
  }

  /** Sends an event unless this socket has had it (a replay and a live send can both carry one event). */
  sendEntry(entry: OutboxEntry): void {
    if (this.socket.readyState !== this.socket.OPEN || entry.seq <= this.sentSeq) return;
    this.sentSeq = entry.seq;
    this.unacked.push(entry);
    // The data was validated on publish and is stored as JSON text: splice it in rather than parse and re-encode.
    const head = JSON.stringify({
      type: 'event',
      seq: entry.seq,
      id: entry.id,
      at: entry.at,
      name: entry.name,
    });
    this.socket.send(`${head.slice(0, -1)},"data":${entry.data}}`);
  }

  /** The events up to `seq` this socket sent, now acknowledged (cumulatively): they leave its memory. */
  takeAcked(seq: number): OutboxEntry[] {
    let count = 0;
    while (count < this.unacked.length && this.unacked[count]!.seq <= seq) count++;
    return this.unacked.splice(0, count);
  }

  sendFrame(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Tells the peer why in an error frame, then closes its socket with an application close code. */
  refuse(code: ErrorCode, message: string, closeCode: number): void {
    this.sendFrame({ type: 'error', code, message });
    this.socket.close(closeCode, message);
  }
}

/** A text frame's bytes as a string, whichever of its buffer shapes ws handed over. */
export function rawToString(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}
