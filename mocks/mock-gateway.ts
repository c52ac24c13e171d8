import {
  ClientFrame,
  CloseCode,
  ErrorCode,
  parseFrame,
  type EventData,
  type EventName,
  type PushEvent,
  type ServerFrame,
} from '../protocol/index.ts';
import { MockDeviceTokens } from './mock-device-tokens.ts';

/** What the mock gateway needs of a socket: msw's `client` in the browser and in Node alike. */
export interface MockSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * An in-memory push gateway that speaks the real protocol (validated with protocol/): token in `hello`,
 * per-device sequence numbers, cumulative acks, replay after reconnect. Used by msw handlers for browser tests
 * and `npm run dev:mock`.
 */
export class MockGateway {
  readonly epoch = 'mock-epoch';
  /** Which device each token belongs to: shared with the mocked REST routes, so a revoked token fails there too. */
  readonly tokens: MockDeviceTokens;
  private readonly outboxes = new Map<string, PushEvent[]>();
  private readonly seqs = new Map<string, number>();
  private readonly sockets = new Map<string, MockSocket>();
  /** Every acknowledged sequence number by device, for tests to check. */
  readonly acks = new Map<string, number[]>();
  /** Every event published, acknowledged or not, in order: what the server side said to whom. */
  readonly published: { deviceId: string; event: PushEvent }[] = [];
  heartbeatMs = 30_000;

  /** @param tokens the backend's tokens, or token → device id for a gateway on its own. */
  constructor(tokens: MockDeviceTokens | Readonly<Record<string, string>>) {
    this.tokens = tokens instanceof MockDeviceTokens ? tokens : new MockDeviceTokens(tokens);
  }

  /** Handles one connection; returns the handler for its incoming text frames. */
  connect(socket: MockSocket): (text: string) => void {
    let deviceId: string | null = null;
    return (text) => {
      const parsed = parseFrame(ClientFrame, text);
      if (!parsed.ok) {
        send(socket, { type: 'error', code: parsed.code, message: parsed.message });
        if (!deviceId) socket.close(CloseCode.ProtocolViolation);
        return;
      }
      const frame = parsed.value;
      if (!deviceId) {
        if (frame.type !== 'hello') {
          send(socket, { type: 'error', code: ErrorCode.AuthRequired, message: 'send hello first' });
          socket.close(CloseCode.AuthFailed);
          return;
        }
        const device = this.tokens.deviceOf(frame.token);
        if (!device && this.tokens.isRevoked(frame.token)) {
          // Told apart from an unknown token, as the real gateway does: the device enrolls again, not retries.
          const message = 'this device was removed from its household';
          send(socket, { type: 'error', code: ErrorCode.AuthRevoked, message });
          socket.close(CloseCode.Revoked);
          return;
        }
        if (!device) {
          send(socket, { type: 'error', code: ErrorCode.AuthInvalidToken, message: 'invalid device token' });
          socket.close(CloseCode.AuthFailed);
          return;
        }
        deviceId = device;
        this.sockets.get(device)?.close(CloseCode.Replaced);
        this.sockets.set(device, socket);
        if (frame.epoch === this.epoch) this.ack(device, frame.lastSeq);
        send(socket, {
          type: 'welcome',
          deviceId: device,
          epoch: this.epoch,
          heartbeatMs: this.heartbeatMs,
          serverTime: new Date().toISOString(),
        });
        for (const event of this.outbox(device)) send(socket, { type: 'event', ...event });
        return;
      }
      if (frame.type === 'ack') this.ack(deviceId, frame.seq);
      else if (frame.type === 'ping') send(socket, { type: 'pong', t: frame.t });
    };
  }

  /** The socket of `deviceId` closed. */
  disconnect(deviceId: string, socket: MockSocket): void {
    if (this.sockets.get(deviceId) === socket) this.sockets.delete(deviceId);
  }

  deviceOf(socket: MockSocket): string | undefined {
    for (const [device, s] of this.sockets) if (s === socket) return device;
    return undefined;
  }

  isConnected(deviceId: string): boolean {
    return this.sockets.has(deviceId);
  }

  publish<N extends EventName>(deviceId: string, name: N, id: string, data: EventData<N>): PushEvent<N> {
    const existing = this.outbox(deviceId).find((e) => e.id === id);
    if (existing) return existing as PushEvent<N>;
    const seq = (this.seqs.get(deviceId) ?? 0) + 1;
    this.seqs.set(deviceId, seq);
    // TypeScript cannot narrow the per-name union by a generic name; the fields are exactly one member's.
    const event = { seq, id, at: new Date().toISOString(), name, data } as unknown as PushEvent;
    this.outbox(deviceId).push(event);
    this.published.push({ deviceId, event });
    const socket = this.sockets.get(deviceId);
    if (socket) send(socket, { type: 'event', ...event });
    return event as PushEvent<N>;
  }

  /**
   * The household removed `deviceId`: its tokens stop working, and its open socket is told so (`AUTH_REVOKED`) and
   * closed with 4403, as the real gateway does.
   */
  revoke(deviceId: string): void {
    this.tokens.revoke(deviceId);
    const socket = this.sockets.get(deviceId);
    if (!socket) return;
    this.sockets.delete(deviceId);
    send(socket, {
      type: 'error',
      code: ErrorCode.AuthRevoked,
      message: 'this device was removed from its household',
    });
    socket.close(CloseCode.Revoked, 'revoked');
  }

  /** Drops every connection as a network failure would (close code 1006 is reserved, so 4000 stands in). */
  dropAll(): void {
    for (const [device, socket] of [...this.sockets]) {
      this.sockets.delete(device);
      socket.close(4000, 'dropped');
    }
  }

  pending(deviceId: string): PushEvent[] {
    return [...this.outbox(deviceId)];
  }

  private outbox(deviceId: string): PushEvent[] {
    let list = this.outboxes.get(deviceId);
    if (!list) this.outboxes.set(deviceId, (list = []));
    return list;
  }

  private ack(deviceId: string, seq: number): void {
    const list = this.outbox(deviceId);
    this.outboxes.set(
      deviceId,
      list.filter((e) => e.seq > seq),
    );
    if (seq > 0) this.acks.set(deviceId, [...(this.acks.get(deviceId) ?? []), seq]);
  }
}

function send(socket: MockSocket, frame: ServerFrame): void {
  socket.send(JSON.stringify(frame));
}
