import { BehaviorSubject } from 'rxjs';
import {
  CloseCode,
  ErrorCode,
  type EventFrame,
  parseFrame,
  PROTOCOL_VERSION,
  ServerFrame,
  type ClientFrame,
} from '../../protocol/index.ts';
import type { DeviceCredentials } from './device-credentials.ts';
import { AppError, AppErrorCode } from '../errors.ts';
import type { Logger } from '../log.ts';
import { backoffDelay } from './backoff.ts';

/**
 * idle → connecting → online; on a drop: waiting (backoff) → connecting …
 * paused: the app is hidden and the socket closed on purpose (platforms pause or close background apps).
 * unauthorized / replaced: the gateway refused this device; retrying would not help.
 * revoked: the household removed this device (its token no longer works); it must enroll again.
 */
export type PushState =
  | 'idle'
  | 'connecting'
  | 'online'
  | 'waiting'
  | 'paused'
  | 'unauthorized'
  | 'revoked'
  | 'replaced'
  | 'stopped';

export interface PushCursor {
  epoch: string | null;
  lastSeq: number;
}

export interface PushCursorStore {
  load(deviceId: string): Promise<PushCursor>;
  save(deviceId: string, cursor: PushCursor): Promise<void>;
}

export interface PushClientOptions {
  url: string;
  credentials: DeviceCredentials;
  cursorStore: PushCursorStore;
  /**
   * Handles one event; the client acknowledges it only after this resolves. Events are handled one at a time, in
   * order. `replayed`: the event was in the outbox before this connection was welcomed (it waited while the device
   * was away, and comes as part of the catch-up).
   */
  onEvent: (event: EventFrame, context: { replayed: boolean }) => Promise<void>;
  onError?: (error: AppError) => void;
  log: Logger;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
  backoff?: { baseMs: number; capMs: number };
}

/**
 * A device's side of the push channel (the TV's and the phone page's): connects with the device token in the first frame, reconnects with backoff
 * and jitter, pings to detect a dead gateway, and acknowledges each event after it was handled, saving the
 * cursor first so a restart resumes where it stopped.
 */
export class PushClient {
  readonly state$ = new BehaviorSubject<PushState>('idle');
  private readonly options: PushClientOptions;
  private readonly createSocket: (url: string) => WebSocket;
  private readonly random: () => number;
  private socket: WebSocket | null = null;
  private cursor: PushCursor | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  /** The server time of this connection's `welcome` (epoch ms): events written before it are replays. */
  private welcomedAt = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PushClientOptions) {
    this.options = options;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.random = options.random ?? Math.random;
  }

  get state(): PushState {
    return this.state$.value;
  }

  start(): void {
    if (this.state === 'idle' || this.state === 'paused' || this.state === 'waiting') void this.connect();
  }

  /** Closes the socket on purpose (app hidden); nothing reconnects until {@link resume}. */
  pause(): void {
    if (this.isTerminal()) return;
    this.setState('paused');
    this.teardown();
  }

  /** Reconnects at once (app visible again, network back), skipping any backoff wait. */
  resume(): void {
    if (this.isTerminal() || this.state === 'online' || this.state === 'connecting') return;
    this.attempt = 0;
    void this.connect();
  }

  stop(): void {
    this.setState('stopped');
    this.teardown();
  }

  private isTerminal(): boolean {
    return (
      this.state === 'unauthorized' ||
      this.state === 'revoked' ||
      this.state === 'replaced' ||
      this.state === 'stopped'
    );
  }

  private async connect(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.setState('connecting');
    const { deviceId } = this.options.credentials;
    this.cursor ??= await this.options.cursorStore.load(deviceId);
    if (this.state !== 'connecting') return; // paused or stopped while the cursor loaded
    const socket = this.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.send({
        type: 'hello',
        v: PROTOCOL_VERSION,
        token: this.options.credentials.token,
        lastSeq: this.cursor?.lastSeq ?? 0,
        ...(this.cursor?.epoch ? { epoch: this.cursor.epoch } : {}),
      });
    };
    socket.onmessage = (message: MessageEvent) => {
      this.lastFrameAt = Date.now();
      if (typeof message.data === 'string') this.onFrame(message.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.onClosed(event.code);
    };
  }

  private onFrame(text: string): void {
    const parsed = parseFrame(ServerFrame, text);
    if (!parsed.ok) {
      this.reportError(new AppError(AppErrorCode.PushBadFrame, `ignored a bad frame: ${parsed.message}`));
      return;
    }
    const frame = parsed.value;
    switch (frame.type) {
      case 'welcome':
        this.welcomedAt = Date.parse(frame.serverTime);
        this.onWelcome(frame.epoch, frame.heartbeatMs);
        return;
      case 'event':
        this.enqueue(frame);
        return;
      case 'pong':
        return;
      case 'error':
        if (frame.code === ErrorCode.AuthInvalidToken) {
          this.setState('unauthorized');
          this.reportError(
            new AppError(AppErrorCode.PushAuthFailed, 'the gateway refused this device', { fatal: true }),
          );
        } else if (frame.code === ErrorCode.AuthRevoked) {
          this.setState('revoked');
          this.reportError(
            new AppError(AppErrorCode.PushRevoked, 'the household removed this device', { fatal: true }),
          );
        } else if (frame.code === ErrorCode.PushReplaced) {
          this.setState('replaced');
          this.reportError(
            new AppError(AppErrorCode.PushReplaced, 'this device connected from elsewhere', { fatal: true }),
          );
        } else {
          this.options.log.warn('gateway error', frame.code, frame.message);
        }
        return;
    }
  }

  private onWelcome(epoch: string, heartbeatMs: number): void {
    if (this.cursor && this.cursor.epoch !== epoch) {
      // A new outbox (the server's database was replaced): old sequence numbers mean nothing; ids still dedupe.
      this.cursor = { epoch, lastSeq: 0 };
    }
    this.attempt = 0;
    this.setState('online');
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      // The gateway answers every ping; silence for two intervals means the path is dead even if TCP says otherwise.
      if (Date.now() - this.lastFrameAt > 2 * heartbeatMs) {
        this.options.log.warn('gateway silent; reconnecting');
        this.socket?.close();
        this.onClosed(1006);
        return;
      }
      this.send({ type: 'ping', t: Date.now() });
    }, heartbeatMs);
  }

  private enqueue(frame: EventFrame): void {
    const socket = this.socket;
    // Both times are the server's: an event written before this connection's welcome waited in the outbox.
    const replayed = Date.parse(frame.at) < this.welcomedAt;
    this.queue = this.queue
      .then(async () => {
        // Stopped (the page or app is closing, its storage with it): the next start replays what was not acked.
        if (this.state === 'stopped') return;
        const cursor = this.cursor!;
        if (frame.seq > cursor.lastSeq) {
          await this.options.onEvent(frame, { replayed });
          cursor.lastSeq = frame.seq;
          await this.options.cursorStore.save(this.options.credentials.deviceId, cursor);
        }
        // Acknowledge on the socket the event came on; if that one is gone, the replay will bring it again.
        if (this.socket === socket) this.send({ type: 'ack', seq: frame.seq });
      })
      .catch((cause: unknown) => {
        this.reportError(new AppError(AppErrorCode.StorageFailed, 'handling an event failed', { cause }));
      });
  }

  private onClosed(code: number): void {
    this.teardown();
    if (this.isTerminal() || this.state === 'paused') return;
    if (code === CloseCode.AuthFailed) {
      this.setState('unauthorized');
      return;
    }
    if (code === CloseCode.Revoked) {
      this.setState('revoked');
      return;
    }
    if (code === CloseCode.Replaced) {
      this.setState('replaced');
      return;
    }
    const delay = backoffDelay(
      this.attempt++,
      this.random,
      this.options.backoff?.baseMs,
      this.options.backoff?.capMs,
    );
    this.setState('waiting');
    this.options.log.info(`connection lost (${code}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private teardown(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close();
    }
  }

  private send(frame: ClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setState(state: PushState): void {
    if (this.state !== state) this.state$.next(state);
  }

  private reportError(error: AppError): void {
    if (this.options.onError) this.options.onError(error);
    else this.options.log.error(error.message, error);
  }
}

export type { EventFrame };
