import * as v from 'valibot';
import { EventSchemas, type EventData, type EventName } from '../../protocol/index.ts';
import type { Database } from '../store/database.ts';
import { TypedEvents } from '../typed-events.ts';
import type { DeviceBus } from './device-bus.ts';
import type { OutboxEntry } from './outbox-repository.ts';
import type { Publisher } from './publisher.ts';

export interface OutboxPublisherOptions {
  store: Pick<Database, 'outbox' | 'afterCommit'>;
  bus: DeviceBus;
  /** How long an event waits in the outbox for its device by default. */
  defaultTtlMs?: number;
  now?: () => number;
}

export interface PublisherEvents {
  /** An event was put in a device's outbox (`created`), or was there already (a retried webhook: not again). */
  published: { entry: OutboxEntry; created: boolean };
}

/**
 * The producers' side of the push channel, in whichever process they run: an event is committed to the device's
 * durable outbox first, then announced on the bus to the process holding the device's socket (this one, or a
 * gateway process elsewhere). The outbox is the record; the bus only makes it quick.
 */
export class OutboxPublisher implements Publisher {
  private readonly store: Pick<Database, 'outbox' | 'afterCommit'>;
  private readonly bus: DeviceBus;
  private readonly defaultTtlMs: number;
  private readonly now: () => number;
  readonly events = new TypedEvents<PublisherEvents>();

  constructor(options: OutboxPublisherOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.defaultTtlMs = options.defaultTtlMs ?? 7 * 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** The same `id` for the same device is queued once (webhook retries do not duplicate alerts). */
  async publish<N extends EventName>(
    deviceId: string,
    name: N,
    id: string,
    data: EventData<N>,
    options: { ttlMs?: number } = {},
  ): Promise<OutboxEntry> {
    // Validate on the way in too: an event that the clients would reject must never reach an outbox.
    v.parse(EventSchemas[name], data);
    const now = this.now();
    const { entry, created } = await this.store.outbox.enqueue(deviceId, {
      id,
      name,
      data,
      at: new Date(now).toISOString(),
      expiresAt: now + (options.ttlMs ?? this.defaultTtlMs),
    });
    // Announced once its row is committed: a publish inside a producer's transaction never reaches a device that a
    // rollback would then deny it (nor counts as published).
    this.store.afterCommit(() => {
      if (created) void this.bus.publish(deviceId, { kind: 'entry', entry });
      void this.events.emit('published', { entry, created });
    });
    return entry;
  }
}
