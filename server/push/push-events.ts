import type { ErrorCode } from '../../protocol/index.ts';
import type { OutboxEntry } from './outbox-repository.ts';

/** How an event reached a socket: sent as it was committed, replayed after a hello, or filled after a bus loss. */
export type SendPath = 'live' | 'replay' | 'gap-fill';

/** What the gateway tells the rest of the backend (delivery outcomes, texts, presence, metrics). */
export interface PushEvents {
  /** A device acknowledged these events (they reached it), just before they leave its outbox. */
  acked: { deviceId: string; entries: readonly OutboxEntry[] };
  /** A device's socket said hello here (presence follows these two). */
  connected: { deviceId: string; connectionId: string };
  disconnected: { deviceId: string; connectionId: string };
  /** A socket was closed before its hello was accepted, and why (a bad or revoked token, no hello in time…). */
  refused: { reason: ErrorCode };
  /** An event frame was written to a device's socket (`at`: when the event was committed). */
  sent: { deviceId: string; entry: OutboxEntry; path: SendPath };
}

export interface PushGatewayStats {
  connections: number;
  authenticated: number;
}
