import type { EventData, EventName } from '../../../protocol/index.ts';
import type { Publisher } from '../../../server/push/publisher.ts';

/** One call of a producer on its publisher. */
export interface PublishedCall {
  deviceId: string;
  name: EventName;
  id: string;
  data: unknown;
}

/**
 * A publisher that writes through the real one and remembers every call: the outbox keeps an event id once, so
 * counting its rows cannot tell a producer that published twice from one that published once; the calls can.
 */
export class RecordingPublisher implements Publisher {
  readonly calls: PublishedCall[];
  private readonly inner: Publisher;

  /** `calls` may be shared by several publishers: one record for every "process" of a test. */
  constructor(inner: Publisher, calls: PublishedCall[] = []) {
    this.inner = inner;
    this.calls = calls;
  }

  publish<N extends EventName>(
    deviceId: string,
    name: N,
    id: string,
    data: EventData<N>,
    options?: { ttlMs?: number },
  ) {
    this.calls.push({ deviceId, name, id, data });
    return this.inner.publish(deviceId, name, id, data, options);
  }
}
