import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { PushGateway } from '../push/gateway.ts';
import { SlicedSweep } from '../sliced-sweep.ts';

/**
 * Whether a device has a socket open on some gateway (the devices page's "online"). One process answers from its
 * own gateway ({@link LocalPresence}); past one process the answer lives in Redis ({@link RedisPresence}), since
 * the API process asking holds no sockets.
 */
export interface Presence {
  isOnline(deviceId: string): Promise<boolean>;
  /** Follows the sockets of this process's gateway; the function it gives stops following. */
  follow(gateway: PushGateway): () => void;
  close(): Promise<void>;
}

/** The embedded default: the process's own gateway knows. */
export class LocalPresence implements Presence {
  private gateway: PushGateway | null = null;

  isOnline(deviceId: string): Promise<boolean> {
    return Promise.resolve(this.gateway?.isConnected(deviceId) ?? false);
  }

  follow(gateway: PushGateway): () => void {
    this.gateway = gateway;
    return () => {
      if (this.gateway === gateway) this.gateway = null;
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** One key per device; the braces make the device id the hash tag, as the bus's channels do. */
export function presenceKey(deviceId: string): string {
  return `couchline:presence:{${deviceId}}`;
}

// Refreshes the key only while it still names this socket (or names none): a socket that moved to another gateway
// keeps that gateway's entry, whatever order the two gateways' timers run in.
const REFRESH = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not v then return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 0`;
// Removes it only if it names this socket: a takeover's new socket may already have written its own.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface RedisPresenceOptions {
  url: string;
  log: Logger;
  /** How long an entry outlives its gateway's last refresh (a gateway that dies leaves no device online longer). */
  ttlMs?: number;
}

/**
 * Presence shared by every process through Redis: the gateway holding a device's socket writes
 * `couchline:presence:{device}` = its socket's id with a time to live, refreshes it at a third of that while the
 * socket is open, and removes it on close; any process reads it. A gateway that crashes leaves entries that expire
 * within the TTL. Redis being away makes devices read as offline (the page says so) rather than failing the page.
 */
export class RedisPresence implements Presence {
  private readonly redis: Redis;
  private readonly log: Logger;
  private readonly ttlMs: number;
  /** The sockets this process holds: device → socket id. */
  private readonly held = new Map<string, string>();
  /** Renews each held entry once per third of the TTL, a slice of them per tick rather than all in one pipeline. */
  private sweep: SlicedSweep<string> | undefined;

  constructor(options: RedisPresenceOptions) {
    this.log = options.log;
    this.ttlMs = options.ttlMs ?? 30_000;
    // Fails at once while Redis is away: presence is a hint, never worth a request waiting.
    this.redis = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => this.log.warn('redis error', { error: error.message }));
    // Whatever was written while the connection was down (or not yet up) was lost: write it all once it is up.
    this.redis.on('ready', () => void this.refresh());
  }

  async isOnline(deviceId: string): Promise<boolean> {
    try {
      return (await this.redis.exists(presenceKey(deviceId))) === 1;
    } catch (error) {
      this.log.warn('presence not readable', { deviceId, error: String(error) });
      return false;
    }
  }

  follow(gateway: PushGateway): () => void {
    const sweep = new SlicedSweep<string>(
      Math.max(10, Math.floor(this.ttlMs / 3)),
      (slice) => void this.renew(slice),
    );
    this.sweep = sweep;
    const stopConnected = gateway.events.on('connected', ({ deviceId, connectionId }) => {
      this.held.set(deviceId, connectionId);
      sweep.add(deviceId);
      return this.write(() =>
        this.redis.set(presenceKey(deviceId), connectionId, 'PX', this.ttlMs).then(() => undefined),
      );
    });
    const stopDisconnected = gateway.events.on('disconnected', ({ deviceId, connectionId }) => {
      if (this.held.get(deviceId) === connectionId) {
        this.held.delete(deviceId);
        sweep.delete(deviceId);
      }
      return this.write(() => this.redis.eval(RELEASE, 1, presenceKey(deviceId), connectionId));
    });
    return () => {
      stopConnected();
      stopDisconnected();
      sweep.stop();
    };
  }

  /** Writes every held socket's entry again (after Redis came back, an entry written meanwhile was lost). */
  async refresh(): Promise<void> {
    await this.renew([...this.held.keys()]);
  }

  /** Writes these devices' entries again, if this process still holds their sockets, in one pipeline. */
  private async renew(deviceIds: readonly string[]): Promise<void> {
    if (this.redis.status !== 'ready') return;
    const pipeline = this.redis.pipeline();
    for (const deviceId of deviceIds) {
      const connectionId = this.held.get(deviceId);
      if (connectionId !== undefined)
        pipeline.eval(REFRESH, 1, presenceKey(deviceId), connectionId, this.ttlMs);
    }
    if (pipeline.length > 0) await this.write(() => pipeline.exec());
  }

  async close(): Promise<void> {
    this.sweep?.stop();
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  private async write(task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (error) {
      // The next refresh writes it again.
      this.log.warn('presence not written', { error: String(error) });
    }
  }
}
