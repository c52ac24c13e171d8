import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { SharedStateUnavailableError, type SharedState } from './shared-state.ts';

/** Every key of ours starts so; nothing else on an operator's Redis is touched. */
const PREFIX = 'couchline:state:';

export interface RedisSharedStateOptions {
  url: string;
  log: Logger;
  /** How long one command may wait for Redis before the request that needs it gets a 503. */
  commandTimeoutMs?: number;
}

/**
 * The shared state past one process: one Redis string per entry, its JSON value with a time to live (`SET … PX`),
 * read with `GETEX … PX` when it is renewed as it is read (a session in use) and taken with `GETDEL`, which Redis
 * runs atomically — so of two API processes ending the same ringing call, one sends the end.
 *
 * While Redis is away a command waits for one reconnection at most, then fails with
 * {@link SharedStateUnavailableError}: the request answers 503 and the caller retries it, rather than a page
 * hanging on a queue that grows without bound.
 */
export class RedisSharedState implements SharedState {
  private readonly redis: Redis;

  constructor(options: RedisSharedStateOptions) {
    this.redis = new Redis(options.url, {
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 2000,
    });
    this.redis.on('error', (error: Error) =>
      options.log.warn('redis error', { connection: 'shared-state', error: error.message }),
    );
  }

  async get<T>(key: string, options: { renewMs?: number } = {}): Promise<T | undefined> {
    const json = await this.call(() =>
      options.renewMs === undefined
        ? this.redis.get(PREFIX + key)
        : this.redis.getex(PREFIX + key, 'PX', Math.max(1, Math.ceil(options.renewMs))),
    );
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.call(() =>
      this.redis.set(PREFIX + key, JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs))),
    );
  }

  async replace(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const answer = await this.call(() =>
      this.redis.set(PREFIX + key, JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs)), 'XX'),
    );
    return answer === 'OK';
  }

  async take<T>(key: string): Promise<T | undefined> {
    const json = await this.call(() => this.redis.getdel(PREFIX + key));
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.redis.del(PREFIX + key));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  private async call<R>(command: () => Promise<R>): Promise<R> {
    try {
      return await command();
    } catch (error) {
      throw new SharedStateUnavailableError(error);
    }
  }
}
