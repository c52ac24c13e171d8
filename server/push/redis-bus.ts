import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { DeviceBus, DeviceMessage, DeviceMessageHandler } from './device-bus.ts';

/** One channel per device; the braces make the device id the hash tag, so a Redis Cluster shards by device. */
export function deviceChannel(deviceId: string): string {
  return `couchline:device:{${deviceId}}`;
}

export interface RedisBusOptions {
  /** `redis://host:port/db` */
  url: string;
  log: Logger;
}

/**
 * The bus past one machine: Redis 7's sharded Pub/Sub (`SPUBLISH`/`SSUBSCRIBE`), a channel per device.
 *
 * Pub/Sub keeps nothing: a message published while a subscriber's connection is down is gone. That is allowed
 * here — the outbox in the database holds every event — as long as whoever listens learns that it may have missed
 * something: after a reconnect this bus subscribes every channel again *and then* calls the gap listeners, so a
 * gateway that fills from the outbox at that moment misses nothing published afterwards.
 */
export class RedisBus implements DeviceBus {
  readonly lossy = true;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly log: Logger;
  private readonly handlers = new Map<string, Set<DeviceMessageHandler>>();
  private readonly gapListeners = new Set<() => void>();
  private lostConnection = false;
  private closed = false;

  constructor(options: RedisBusOptions) {
    this.log = options.log;
    // A publish while Redis is away fails at once rather than queueing without bound: the outbox has the event,
    // and the gateway's catch-up sends it.
    this.publisher = new Redis(options.url, { enableOfflineQueue: false, lazyConnect: false });
    // Channels are subscribed again by hand after a reconnect, so the gap listeners run only once they are.
    this.subscriber = new Redis(options.url, { autoResubscribe: false, lazyConnect: false });
    for (const [name, connection] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const) {
      connection.on('error', (error: Error) =>
        this.log.warn('redis error', { connection: name, error: error.message }),
      );
    }
    this.subscriber.on('smessage', (channel: string, raw: string) => this.deliver(channel, raw));
    this.subscriber.on('close', () => {
      if (!this.closed) this.lostConnection = true;
    });
    this.subscriber.on('ready', () => void this.resubscribe());
  }

  /** Resolves once both connections are ready (or rejects after `timeoutMs`). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.publisher.status !== 'ready' || this.subscriber.status !== 'ready') {
      if (Date.now() > deadline)
        throw new Error(
          `Redis is not reachable (${this.publisher.options.host}:${this.publisher.options.port})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Rejects unless both connections are up and Redis answers (a process's readiness, `/readyz`). */
  async ping(): Promise<void> {
    if (this.subscriber.status !== 'ready') throw new Error(`Redis subscriber is ${this.subscriber.status}`);
    // Fails at once while disconnected (no offline queue on this connection).
    await this.publisher.ping();
  }

  async publish(deviceId: string, message: DeviceMessage): Promise<void> {
    try {
      await this.publisher.spublish(deviceChannel(deviceId), JSON.stringify(message));
    } catch (error) {
      // Lost on purpose: the subscriber side finds it in the outbox (DeviceBus.onGap, the gateway's catch-up).
      this.log.warn('bus publish lost', { deviceId, kind: message.kind, error: String(error) });
    }
  }

  async subscribe(deviceId: string, handler: DeviceMessageHandler): Promise<() => void> {
    let handlers = this.handlers.get(deviceId);
    const first = !handlers;
    if (!handlers) this.handlers.set(deviceId, (handlers = new Set()));
    handlers.add(handler);
    // Not connected now: the reconnect subscribes it and then reports a gap, which the caller fills.
    if (first && this.subscriber.status === 'ready') {
      await this.subscriber.ssubscribe(deviceChannel(deviceId)).catch((error: unknown) => {
        this.lostConnection = true;
        this.log.warn('bus subscribe failed', { deviceId, error: String(error) });
      });
    }
    return () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.handlers.get(deviceId) !== handlers) return;
      this.handlers.delete(deviceId);
      if (this.subscriber.status === 'ready')
        this.subscriber.sunsubscribe(deviceChannel(deviceId)).catch(() => {
          /* a channel left subscribed only costs a message that finds no handler */
        });
    };
  }

  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.gapListeners.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private deliver(channel: string, raw: string): void {
    const deviceId = channel.slice('couchline:device:{'.length, -1);
    const handlers = this.handlers.get(deviceId);
    if (!handlers) return;
    let message: DeviceMessage;
    try {
      message = JSON.parse(raw) as DeviceMessage;
    } catch {
      this.log.warn('bus message malformed', { deviceId });
      return;
    }
    for (const handler of [...handlers]) handler(message);
  }

  private async resubscribe(): Promise<void> {
    if (!this.lostConnection) return;
    const channels = [...this.handlers.keys()].map(deviceChannel);
    // In batches: one SSUBSCRIBE may name many channels of one slot only, so each goes on its own, pipelined.
    const pipeline = this.subscriber.pipeline();
    for (const channel of channels) pipeline.ssubscribe(channel);
    const results = await pipeline.exec().catch(() => null);
    if (results === null || results.some(([error]) => error)) return; // still unwell: the next 'ready' retries
    this.lostConnection = false;
    this.log.info('bus reconnected; filling what may have been missed', { channels: channels.length });
    for (const listener of [...this.gapListeners]) listener();
  }
}
