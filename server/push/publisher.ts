import type { EventData, EventName } from '../../protocol/index.ts';
import type { OutboxEntry } from './outbox-repository.ts';

/**
 * What every producer of events (the voicemail and caller-ID proxies, the text relay, provisioning, identity,
 * held alerts) needs of the push channel: put an event in a device's durable outbox, to be sent now if the device
 * is connected here and replayed in order when it comes back. The push gateway implements it in one process;
 * past one machine a bus-backed publisher does (DESIGN.md §7), and the producers do not change.
 *
 * @example
 * ```ts
 * publisher.publish('stb-living-room', 'voicemail.new', `voicemail.new:${messageId}`, data);
 * ```
 */
export interface Publisher {
  /** Idempotent by `(deviceId, id)`: the same event id for the same device is queued once. */
  publish<N extends EventName>(
    deviceId: string,
    name: N,
    id: string,
    data: EventData<N>,
    options?: { ttlMs?: number },
  ): Promise<OutboxEntry>;
}
