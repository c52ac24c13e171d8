import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ClientFrame,
  CloseCode,
  ErrorCode,
  MAX_FRAME_BYTES,
  parseFrame,
  PROTOCOL_VERSION,
  type HelloFrame,
} from '../../protocol/index.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { Logger } from '../log.ts';
import { MAX_DEVICES_PER_QUERY, type OutboxEntry } from './outbox-repository.ts';
import { Acknowledgements } from './acknowledgements.ts';
import { Connection, rawToString } from './connection.ts';
import { SlicedSweep } from '../sliced-sweep.ts';
import type { DeviceBus, DeviceMessage } from './device-bus.ts';
import type { Database } from '../store/database.ts';
import { TypedEvents } from '../typed-events.ts';
import type { PushEvents, PushGatewayStats, SendPath } from './push-events.ts';

export type { PushEvents, PushGatewayStats } from './push-events.ts';

export interface PushGatewayOptions {
  store: Pick<Database, 'outbox' | 'devices' | 'afterCommit' | 'transaction'>;
  tokens: DeviceTokens;
  /** Where producers (in this process or another) announce committed events, and devices are told to close. */
  bus: DeviceBus;
  log: Logger;
  /** How often the gateway pings; a peer that misses one whole interval is terminated. */
  heartbeatMs?: number;
  /** How long a new socket may take to send `hello`. */
  helloTimeoutMs?: number;
  /** On a bus that can lose messages, how often each socket is checked against its outbox. */
  catchUpMs?: number;
  /** After this many malformed frames in a row a socket is closed; until then each gets an error frame. */
  maxViolations?: number;
  /** How long acknowledgements gather to be recorded in one transaction. */
  ackBatchMs?: number;
  now?: () => number;
}

/**
 * The push gateway: one WebSocket per device, authenticated by the token in the first frame (never the URL).
 *
 * Every event goes through the device's durable outbox first (`OutboxPublisher`), so it survives a dropped socket
 * or a restart; the bus then tells the gateway holding the device's socket, which sends it at once. On (re)connect
 * the device says the last sequence it handled: the gateway subscribes to the device's channel, tells any other
 * holder of the device to close, and replays everything after that sequence in order, then continues live — a live
 * event is sent only if it is the next one, else what is missing is read from the outbox first (a bus may lose
 * messages). Acknowledgements are cumulative and remove events for good.
 */
export class PushGateway {
  private readonly store: Pick<Database, 'outbox' | 'devices' | 'afterCommit' | 'transaction'>;
  private readonly tokens: DeviceTokens;
  private readonly bus: DeviceBus;
  private readonly log: Logger;
  private readonly heartbeatMs: number;
  private readonly helloTimeoutMs: number;
  private readonly maxViolations: number;
  private readonly now: () => number;
  readonly events = new TypedEvents<PushEvents>();
  private readonly wss: WebSocketServer;
  private readonly byDevice = new Map<string, Connection>();
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: SlicedSweep<Connection>;
  private readonly purge: ReturnType<typeof setInterval>;
  private readonly catchUpTimer: ReturnType<typeof setInterval> | undefined;
  private readonly stopGapListener: () => void;
  private readonly acks: Acknowledgements;
  /** A round of catchUpAll() is running; another asked for meanwhile runs once it ends. */
  private catchingUp = false;
  private catchUpAgain = false;
  /** Set by close(): timers and rounds still running stop there. */
  private closed = false;

  constructor(options: PushGatewayOptions) {
    this.store = options.store;
    this.tokens = options.tokens;
    this.bus = options.bus;
    this.log = options.log;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
    this.maxViolations = options.maxViolations ?? 10;
    this.now = options.now ?? Date.now;
    this.acks = new Acknowledgements({
      store: this.store,
      events: this.events,
      now: this.now,
      windowMs: options.ackBatchMs ?? 5,
    });
    // perMessageDeflate stays off: frames are small, and zlib contexts cost ~300 KB per socket at scale.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    this.wss.on('connection', (socket) => this.onConnection(socket));
    this.heartbeat = new SlicedSweep(this.heartbeatMs, (slice) => {
      for (const connection of slice) this.checkHeartbeat(connection);
    });
    this.purge = setInterval(() => void this.maintain(), 3600_000);
    this.purge.unref();
    this.stopGapListener = this.bus.onGap(() => void this.catchUpAll());
    if (this.bus.lossy) {
      this.catchUpTimer = setInterval(() => void this.catchUpAll(), options.catchUpMs ?? 15_000);
      this.catchUpTimer.unref();
    }
  }

  /** Takes over WebSocket upgrades on `path` of an HTTP server; other upgrade paths are refused. */
  attach(server: Server, path = '/push'): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== path) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    });
  }

  isConnected(deviceId: string): boolean {
    return this.byDevice.has(deviceId);
  }

  stats(): PushGatewayStats {
    return { connections: this.connections.size, authenticated: this.byDevice.size };
  }

  /** Closes every socket and stops the timers. The store stays open (it belongs to the caller). */
  async close(): Promise<void> {
    this.closed = true;
    this.heartbeat.stop();
    clearInterval(this.purge);
    clearInterval(this.catchUpTimer);
    this.stopGapListener();
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.acks.flush();
  }

  private onConnection(socket: WebSocket): void {
    const connection = new Connection(socket, (error) =>
      this.log.error('push connection task failed', { deviceId: connection.deviceId, error: String(error) }),
    );
    connection.helloTimer = setTimeout(
      () =>
        this.refuseHello(connection, ErrorCode.AuthTimeout, 'no hello frame in time', CloseCode.AuthTimeout),
      this.helloTimeoutMs,
    );
    this.connections.add(connection);
    this.heartbeat.add(connection);
    socket.on('pong', () => (connection.isAlive = true));
    socket.on('message', (raw, isBinary) => this.onMessage(connection, raw, isBinary));
    socket.on('close', () => this.onClose(connection));
    // Errors (a frame over maxPayload, a broken peer) end this socket only; 'close' follows.
    socket.on('error', (error) =>
      this.log.warn('socket error', { deviceId: connection.deviceId, error: error.message }),
    );
  }

  private onMessage(connection: Connection, raw: RawData, isBinary: boolean): void {
    connection.isAlive = true;
    if (isBinary) {
      this.reject(connection, ErrorCode.ProtocolMalformed, 'binary frames are not part of the protocol');
      return;
    }
    const parsed = parseFrame(ClientFrame, rawToString(raw));
    if (!parsed.ok) {
      this.reject(connection, parsed.code, parsed.message);
      return;
    }
    const frame = parsed.value;
    connection.inOrder(() => this.onFrame(connection, frame));
  }

  private async onFrame(connection: Connection, frame: ClientFrame): Promise<void> {
    if (!this.connections.has(connection)) return;
    if (connection.deviceId === null) {
      if (frame.type !== 'hello') {
        this.refuseHello(connection, ErrorCode.AuthRequired, 'send hello first', CloseCode.AuthFailed);
        return;
      }
      await this.onHello(connection, frame);
      return;
    }
    connection.violations = 0;
    switch (frame.type) {
      case 'hello':
        this.reject(connection, ErrorCode.ProtocolMalformed, 'already authenticated');
        return;
      case 'ack':
        // What this socket sent is known without a query; anything beyond it is checked against the outbox. Each
        // resolves once recorded (cumulatively, with the others of its batch): the next frame comes after it.
        if (frame.seq <= connection.sentSeq) {
          await this.acks.add(connection.deviceId, frame.seq, connection.takeAcked(frame.seq));
          return;
        }
        if (frame.seq > (await this.store.outbox.lastSeq(connection.deviceId))) {
          this.reject(connection, ErrorCode.PushUnknownSeq, `seq ${frame.seq} was never sent`);
          return;
        }
        connection.takeAcked(frame.seq);
        await this.acks.add(connection.deviceId, frame.seq);
        return;
      case 'ping':
        connection.sendFrame({ type: 'pong', t: frame.t });
        return;
    }
  }

  private async onHello(connection: Connection, hello: HelloFrame): Promise<void> {
    clearTimeout(connection.helloTimer);
    const checked = await this.tokens.check(hello.token);
    // The socket may have closed while the token was looked up.
    if (!this.connections.has(connection)) return;
    if (checked.status === 'revoked') {
      // Told apart from an unknown token, so the device knows to enroll again rather than retry.
      this.refuseHello(
        connection,
        ErrorCode.AuthRevoked,
        'this device was removed from its household',
        CloseCode.Revoked,
      );
      return;
    }
    if (checked.status !== 'valid') {
      this.refuseHello(connection, ErrorCode.AuthInvalidToken, 'invalid device token', CloseCode.AuthFailed);
      return;
    }
    const device = checked.device;
    const previous = this.byDevice.get(device.id);
    if (previous) {
      previous.refuse(ErrorCode.PushReplaced, 'another connection took over', CloseCode.Replaced);
      this.detach(previous);
    }
    connection.deviceId = device.id;
    Object.assign(connection.context, { deviceId: device.id, householdId: device.householdId });
    connection.token = hello.token;
    connection.checkedAt = this.now();
    this.byDevice.set(device.id, connection);
    void this.events.emit('connected', { deviceId: device.id, connectionId: connection.id });
    // Subscribed before the replay is read, so nothing committed meanwhile is missed: what arrives waits in the
    // connection's chain behind this hello, and is dropped there if the replay already sent it.
    const unsubscribe = await this.bus.subscribe(device.id, (message) =>
      this.onDeviceMessage(connection, message),
    );
    if (this.byDevice.get(device.id) !== connection) {
      unsubscribe(); // closed while subscribing
      return;
    }
    connection.unsubscribe = unsubscribe;
    // Another gateway process may hold an older socket of this device: it closes it.
    await this.bus.publish(device.id, { kind: 'takeover', connectionId: connection.id });

    // A lastSeq from another epoch (the database was replaced) means nothing here: replay everything pending.
    const sameEpoch = hello.epoch === this.store.outbox.epoch;
    const lastSeq = sameEpoch ? Math.min(hello.lastSeq, await this.store.outbox.lastSeq(device.id)) : 0;
    if (sameEpoch && lastSeq > 0) await this.acks.add(device.id, lastSeq);
    connection.sentSeq = lastSeq;

    connection.sendFrame({
      type: 'welcome',
      deviceId: device.id,
      epoch: this.store.outbox.epoch,
      heartbeatMs: this.heartbeatMs,
      serverTime: new Date(this.now()).toISOString(),
    });
    const pending = await this.store.outbox.pending(device.id, lastSeq, this.now());
    for (const entry of pending) this.send(connection, entry, 'replay');
    this.log.info('device connected', { deviceId: device.id, replayed: pending.length, v: PROTOCOL_VERSION });
  }

  /**
   * The hourly chores: expired events leave the outbox, and each open connection's token is checked again once a
   * day — tokens expire after 90 days unused, and a connected box uses its token only at hello, so the check
   * counts as use (and a socket whose token was revoked or is gone closes, saying which).
   */
  async maintain(): Promise<void> {
    const now = this.now();
    await this.store.outbox.purgeExpired(now);
    for (const connection of [...this.byDevice.values()]) {
      if (connection.checkedAt > now - 24 * 3600_000 || connection.token === null) continue;
      connection.checkedAt = now;
      const checked = await this.tokens.check(connection.token);
      if (this.byDevice.get(connection.deviceId ?? '') !== connection) continue;
      if (checked.status === 'valid' && checked.device.id === connection.deviceId) continue;
      if (checked.status === 'revoked') {
        connection.refuse(
          ErrorCode.AuthRevoked,
          'this device was removed from its household',
          CloseCode.Revoked,
        );
      } else {
        connection.refuse(ErrorCode.AuthInvalidToken, 'invalid device token', CloseCode.AuthFailed);
      }
      this.detach(connection);
    }
  }

  /** What the bus says about a device whose socket this gateway holds. */
  private onDeviceMessage(connection: Connection, message: DeviceMessage): void {
    if (this.byDevice.get(connection.deviceId ?? '') !== connection) return;
    switch (message.kind) {
      case 'entry': {
        const { entry } = message;
        connection.inOrder(() => this.sendLive(connection, entry));
        return;
      }
      case 'takeover':
        if (message.connectionId === connection.id) return;
        connection.refuse(ErrorCode.PushReplaced, 'another connection took over', CloseCode.Replaced);
        this.detach(connection);
        return;
      case 'revoked':
        // A removed or re-enrolled device: its socket closes at once, saying why, so the device enrolls again.
        connection.refuse(
          ErrorCode.AuthRevoked,
          'this device was removed from its household',
          CloseCode.Revoked,
        );
        this.detach(connection);
        return;
    }
  }

  /** A live event goes out only as the next one; anything before it that the bus lost is read from the outbox. */
  private async sendLive(connection: Connection, entry: OutboxEntry): Promise<void> {
    if (entry.seq <= connection.sentSeq) return;
    if (entry.seq > connection.sentSeq + 1) await this.catchUp(connection);
    this.send(connection, entry, 'live');
  }

  /** Sends what the outbox has after what this socket sent. */
  private async catchUp(connection: Connection): Promise<void> {
    if (connection.deviceId === null || this.byDevice.get(connection.deviceId) !== connection) return;
    const missed = await this.store.outbox.pending(connection.deviceId, connection.sentSeq, this.now());
    for (const entry of missed) this.send(connection, entry, 'gap-fill');
  }

  /** Writes an event to the socket unless it had it, and says so (`sent`: the metrics' latency). */
  private send(connection: Connection, entry: OutboxEntry, path: SendPath): void {
    if (connection.sendEntry(entry) && this.events.has('sent'))
      void this.events.emit('sent', { deviceId: entry.deviceId, entry, path });
  }

  /** A socket that never got past its hello: closed with the reason, which `refused` reports. */
  private refuseHello(connection: Connection, reason: ErrorCode, message: string, closeCode: number): void {
    connection.refuse(reason, message, closeCode);
    void this.events.emit('refused', { reason });
  }

  /**
   * After the bus may have lost messages (it reconnected), and now and then on a lossy bus: every socket is
   * compared with its outbox and what it lacks is sent, in its own chain. The comparison reads the devices' numbers
   * a thousand at a time: one query per socket was, at 5,000 sockets per gateway every 15 s, a storm of queries
   * that kept PostgreSQL busy and the webhooks waiting (the cluster's p99). A number read here may be older than
   * what the socket's chain has sent by then; a catch-up queued on it just finds nothing new.
   */
  private async catchUpAll(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = true;
    let failed = false;
    try {
      do {
        this.catchUpAgain = false;
        const connections = [...this.byDevice.values()];
        for (let i = 0; i < connections.length && !this.closed; i += MAX_DEVICES_PER_QUERY) {
          const batch = connections.slice(i, i + MAX_DEVICES_PER_QUERY);
          try {
            const lastSeqs = await this.store.outbox.lastSeqs(batch.map((c) => c.deviceId!));
            for (const connection of batch) {
              if ((lastSeqs.get(connection.deviceId!) ?? 0) > connection.sentSeq)
                connection.inOrder(() => this.catchUp(connection));
            }
          } catch (error) {
            // The database away: the other batches still go, and the round is tried again below.
            failed = true;
            this.log.warn('could not compare the sockets with the outbox', { error: String(error) });
          }
        }
      } while (this.catchUpAgain && !this.closed);
    } finally {
      this.catchingUp = false;
    }
    // A bus that is not lossy has no timer to try again: a failed round retries on its own, once a second.
    if (failed && !this.closed) setTimeout(() => void this.catchUpAll(), 1000).unref();
  }

  private reject(connection: Connection, code: ErrorCode, message: string): void {
    connection.violations++;
    connection.sendFrame({ type: 'error', code, message });
    if (connection.deviceId === null || connection.violations >= this.maxViolations) {
      connection.socket.close(CloseCode.ProtocolViolation, 'protocol violation');
      if (connection.deviceId === null) void this.events.emit('refused', { reason: code });
    }
  }

  /** Each socket in turn, once per heartbeat interval (a slice of them per tick, see SlicedSweep). */
  private checkHeartbeat(connection: Connection): void {
    if (!connection.isAlive) {
      this.log.info('peer missed its heartbeat; dropping it', { deviceId: connection.deviceId });
      this.heartbeat.delete(connection);
      connection.socket.terminate();
      return;
    }
    connection.isAlive = false;
    connection.socket.ping();
  }

  private onClose(connection: Connection): void {
    clearTimeout(connection.helloTimer);
    this.detach(connection);
    this.connections.delete(connection);
    this.heartbeat.delete(connection);
  }

  private detach(connection: Connection): void {
    if (connection.deviceId !== null && this.byDevice.get(connection.deviceId) === connection) {
      this.byDevice.delete(connection.deviceId);
      connection.unsubscribe?.();
      connection.unsubscribe = undefined;
      // "Last seen" on the devices page: the moment it went offline.
      const deviceId = connection.deviceId;
      void this.events.emit('disconnected', { deviceId, connectionId: connection.id });
      this.store.devices
        .touch(deviceId, this.now())
        .catch((error: unknown) =>
          this.log.warn('last seen not recorded', { deviceId, error: String(error) }),
        );
      this.log.info('device disconnected', { deviceId: connection.deviceId });
    }
  }
}
